"""Figures from a provincial report: read the document, propose every figure with its quote,
let a steward accept, correct or reject each, and commit the accepted ones as a data version.

- `read`: the document's text (plain text, .docx, PDF with a text layer, saved web page)
- `text`: paragraphs, sentences, clauses and place names, with their places in the text
- `numbers`: Vietnamese numbers and money, exact, in the contract's units
- `words`: the vocabulary reports use for their figures
- `propose`: the rules that turn sentences into proposed figures
- `links`: figures against each other (said twice, headline against body, totals and parts)
- `model`: a proposal, a check of a total, a reading
- `gazetteer`: the names of provinces, districts and crafts from the reference data
- `commit`: accepted proposals as published figures in a new data version
- `evaluate`: recall and false proposals over the test corpus (`make figures-eval`)
"""
