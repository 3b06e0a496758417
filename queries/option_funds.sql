-- Funds for the fund filter.
select fund_code, name_vi, name_en, short_vi, short_en, color_hex
from funds
order by fund_code
