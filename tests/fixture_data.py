"""The small fixture data folder, built from text, with numbers worked out by hand in the tests.

Tests get it through conftest's fixtures (`fixture_db`, `make_fixture`, `fixture_csvs`); a test
that needs the texts themselves imports them from here, and so does one that needs the seeds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kcdash.figures.evaluate import SEEDS

REPO = Path(__file__).resolve().parent.parent

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir() and not os.environ.get("CI"),
    reason=f"the source reports are not at {SEEDS}: CI clones the repository with shared/ beside it "
    "(../shared/seeds), and there these tests run (and fail without them)",
)
"""For a test that reads the source reports in ../shared/seeds."""

REFERENCE = ("provinces", "districts", "crafts", "activity_types", "activity_type_map", "funds", "targets")

# 8 activities; the hand-computed results in test_queries.py come from these rows.
ACTIVITIES_CSV = """\
activity_id,province_code,district_code,year,activity_type_code,craft_code,fund_code,budget_million_vnd,trainees,new_jobs,title_vi,source,is_illustrative
a1,11,098,2008,nd45_1,tea_processing,kcdp,100.0,30,25,Lớp chè,test,true
a2,11,099,2008,nd45_1,brocade_weaving,kcqg,200.5,40,40,Dệt thổ cẩm,test,true
a3,11,,2009,nd45_6,,kcqg,50.0,,,Thông tin,test,true
a4,11,103,2012,nd45_3,wood_carpentry,kcdp,300.0,,,Mô hình,test,false
a5,11,099,2010,nd45_1,brocade_weaving,kcqg,80.0,20,,Dệt thổ cẩm 2,test,true
a6,95,956,2008,nd45_1,mechanical_repair,kcqg,400.0,50,45,Cơ khí,test,true
a7,95,,2009,nd45_4,,kcdp,150.4,,,Hội chợ,test,true
a8,95,961,2013,nd45_1,agro_aqua_processing,other,60.0,10,8,Chế biến,test,true
"""

CLUSTERS_CSV = """\
cluster_id,name_vi,province_code,district_code,stage,planned_year,established_year,detailed_plan_year,infrastructure_year,operating_year,as_of_year,area_ha,occupancy_pct,source,is_illustrative
c1,Cụm Tuần Giáo,11,099,detailed_plan,2008,2009,2011,,,2012,20,,test,true
c2,Cụm Tủa Chùa,11,098,planned,2010,,,,,2013,,,test,true
c3,Cụm Nậm Pồ,11,103,established,2012,2013,,,,2013,15.5,,test,true
c4,Cụm Hồng Dân,95,956,operating,2007,2008,2009,2010,2012,2013,50,60,test,true
c5,Cụm Hòa Bình,95,961,detailed_plan,,,,,,2011,,,test,false
"""

PUBLISHED_CSV = """\
figure_id,province_code,period_from_year,period_to_year,period_label,metric,fund_code,activity_type_code,craft_code,district_code,value,unit,qualifier,label_vi,label_en,source_file,quote
f1,11,2007,2012,2007–2012,new_jobs,,,,,65,people,exact,Việc làm,Jobs,x.txt,q1
f2,11,2007,2012,2007–2012,budget_million_vnd,kcqg,,,,340,million VND,approximate_below,KCQG,National,x.txt,q2
f3,95,2008,2013,2008–2013,budget_million_vnd,,,,,610.4,million VND,exact,Tổng,Total,y.txt,q3
f4,95,2008,2013,2008–2013,trainees,,,,,,people,not_reported,Học viên,Trainees,y.txt,
f5,95,2008,2013,2008–2013,budget_million_vnd,kcdp,,,,200,million VND,exact,KCĐP,Local,y.txt,q5
f6,11,2007,2012,2007–2012,activity_count,kcdp,nd45_1,tea_processing,098,1,classes,exact,Lớp chè,Tea class,x.txt,q6
f7,11,,,Mục tiêu,clusters_per_district_goal,,,,,1,clusters per district,exact,Mục tiêu,Goal,x.txt,q7
f8,95,2020,2021,2020–2021,new_jobs,,,,,5,people,exact,Việc làm,Jobs,y.txt,q8
"""


def write_fixture(
    folder: Path, *, activities: str = ACTIVITIES_CSV, clusters: str = CLUSTERS_CSV, published: str = PUBLISHED_CSV
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in REFERENCE:
        shutil.copy(REPO / "data" / f"{name}.csv", folder / f"{name}.csv")
    (folder / "activities.csv").write_text(activities, encoding="utf-8")
    (folder / "clusters.csv").write_text(clusters, encoding="utf-8")
    (folder / "published_figures.csv").write_text(published, encoding="utf-8")
    return folder


# The steward sign-in's OpenID Connect settings as a test server would have them (no real secret).
OIDC_SECRETS = {
    "redirect_uri": "http://127.0.0.1:8502/oauth2callback",
    "cookie_secret": "kiểm-thử-không-phải-bí-mật",
    "client_id": "khuyen-cong",
    "client_secret": "x",
    "server_metadata_url": "https://id.example.gov.vn/.well-known/openid-configuration",
}


def one(df: pd.DataFrame, **match: object) -> pd.Series:
    """The one row of df whose columns hold the given values (fails when there are none or several)."""
    hit = df
    for k, v in match.items():
        hit = hit[hit[k] == v]
    assert len(hit) == 1, f"expected one row for {match}, got {len(hit)}"
    return hit.iloc[0]


def copied_version(base: Path, label: str = "") -> str:
    """A version written and made active the way an import does it, from the bundled tables,
    labelled `label` (a file name, say) in both languages."""
    from kcdash import store

    def write(folder: Path) -> dict[str, int]:
        for p in base.iterdir():
            if p.is_file() and p.suffix in (".csv", ".parquet") and not p.name.startswith("_"):
                shutil.copy(p, folder / p.name)
        return {}

    with store.locked(str(base)):
        return store.commit_version(str(base), write, {"label_vi": label or "bản sao", "label_en": label or "copy"})


# An office's import of Điện Biên's records (names, not codes), and two Bạc Liêu records of 2014,
# a year the bundled data does not reach: a later import that changes what the pages show.
DIEN_BIEN = REPO / "tests" / "import_corpus" / "accepted" / "names_instead_of_codes.csv"
BAC_LIEU_2014 = """\
Mã đề án,Tỉnh,Huyện,Năm,Nội dung khuyến công,Ngành nghề,Nguồn kinh phí,Kinh phí (triệu đồng),Số học viên,Việc làm mới,Tên đề án
BL-2014-01,Bạc Liêu,Hồng Dân,2014,Đào tạo nghề,"Cơ khí, sửa chữa máy móc nông cụ",KCĐP,"150,5",40,38,Lớp cơ khí
BL-2014-02,Bạc Liêu,Giá Rai,2014,"Hội chợ triển lãm, sản phẩm tiêu biểu",,KCQG,"1.200",,,Hội chợ CNNT
""".encode()


def paused_import(base: Path, folder: Path) -> subprocess.Popen[bytes]:
    """The importer on Bạc Liêu 2014 into `base`, in a process of its own that pauses with every
    table written, before the lake commits (where a test kills it); the extract is written to `folder`."""
    from kcdash import lake

    extract = folder / "bl.csv"
    extract.write_bytes(BAC_LIEU_2014)
    env = {k: v for k, v in os.environ.items() if k != "DATA_DIR"}
    env[lake.PAUSE_ENV] = "120"
    return subprocess.Popen(
        [sys.executable, "-m", "kcdash.importer", str(extract), "--data-dir", str(base)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
