"""The upload page, driven headlessly: check, report, confirm, rollback, and what it never renders."""

from __future__ import annotations

from pathlib import Path

import pytest
from make_import_corpus import CORPUS
from streamlit.testing.v1 import AppTest

from kcdash import auth, importer, store

REPO = Path(__file__).resolve().parents[1]

PAGE = str(REPO / "pages" / "import_data.py")


@pytest.fixture
def page(steward_page):
    return steward_page(PAGE)


def upload(at: AppTest, path_or_name, content: bytes | None = None) -> AppTest:
    name = path_or_name if content is not None else path_or_name.name
    content = content if content is not None else path_or_name.read_bytes()
    at.file_uploader[0].set_value((name, content, "application/octet-stream"))
    return at.run()


def _report(at: AppTest, first_column: str):
    """The problem report among the page's tables (the mapping preview comes before it)."""
    return next(d.value for d in at.dataframe if list(d.value.columns)[:1] == [first_column])


def _versions(at: AppTest):
    """The table of data versions (what changed between two of them follows it)."""
    return next(d.value for d in at.dataframe if {"Phiên bản", "Version"} & set(d.value.columns))


def test_accept_confirm_and_roll_back(page, bundled_copy):
    assert not page.exception
    assert [i.value for i in page.info] == ["Đang dùng dữ liệu đi kèm (minh họa); chưa có lần nhập nào."]
    upload(page, CORPUS / "accepted" / "excel_first_sheet.xlsx")
    assert not page.exception
    assert [s.value for s in page.success] == ["Tệp hợp lệ: 8 hàng, không có lỗi."]
    plan = [m.value for m in page.markdown if m.value.startswith("**Nhập tệp này")]
    assert plan and "Điện Biên 2012–2013" in plan[0] and "thêm 8 hàng của tệp" in plan[0]
    assert store.current_version_id(str(bundled_copy)) is None  # nothing changes before confirming

    page.button(key="import_confirm").click().run()
    assert not page.exception
    assert store.current_version_id(str(bundled_copy)) == "2"
    assert [s.value for s in page.success] == ["Đã nhập. Phiên bản dữ liệu 2 đang được dùng."]
    assert page.file_uploader[0].value is None  # emptied for the next file
    versions = _versions(page)
    assert list(versions["Phiên bản"]) == ["2", "1"] and list(versions["Đang dùng"]) == ["✓", ""]
    assert list(versions["Người nhập"]) == ["lan", "lan"]

    page.selectbox(key="rollback_target").select("1")
    page.button(key="rollback_go").click().run()
    assert store.current_version_id(str(bundled_copy)) == "3"  # a new version holding version 1's data
    assert [s.value for s in page.success] == ["Đã quay lại phiên bản 1."]


def test_rejected_file_shows_the_report_and_offers_it_as_csv(page, bundled_copy):
    upload(page, CORPUS / "rejected" / "misspelt_names.csv")
    assert [e.value for e in page.error] == ["Tệp bị từ chối: 2 lỗi. Dữ liệu đang dùng không bị thay đổi."]
    report = _report(page, "Hàng")
    assert list(report["Hàng"]) == [2, 4]
    assert list(report["Giá trị"]) == ["Tuần Gio", "Khuyến công quốc gai"]
    assert len(page.get("download_button")) == 1
    assert len(page.button) == 0 or all(b.key != "import_confirm" for b in page.button)
    assert store.current_version_id(str(bundled_copy)) is None


def test_report_in_english(bundled_copy, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state[auth.SESSION_KEY] = "lan"
    at.session_state["lang"] = "en"
    at.run()
    upload(at, CORPUS / "rejected" / "negative_count.csv")
    report = _report(at, "Row")
    assert list(report.columns) == ["Row", "Column", "Value", "Rule", "Problem"]
    assert list(report["Column"]) == ["Trainees"]
    # the table's own download button exports what it shows: no cell may start a formula
    assert list(report["Value"]) == ["'-35"]


def test_too_large_is_refused_before_parsing(monkeypatch, bundled_copy):
    monkeypatch.setenv("KC_IMPORT_MAX_MB", "0.0001")
    called = []
    monkeypatch.setattr(importer, "check_upload", lambda *a, **k: called.append(1))
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    page = AppTest.from_file(PAGE, default_timeout=60)
    page.session_state[auth.SESSION_KEY] = "lan"
    page.run()
    upload(page, CORPUS / "accepted" / "utf8_codes.csv")
    assert called == []
    assert (
        len(page.error) == 1 and "tệp quá lớn" in page.error[0].value and "giới hạn là 0.000 MB" in page.error[0].value
    )


def test_uploaded_text_is_never_markup(page):
    content = (
        "Mã đề án,Tỉnh,Năm,Nội dung khuyến công,Nguồn kinh phí,Tên đề án,<img src=x onerror=alert(1)>,[link](http://x)\n"
        "X1,Điện Biên,2012,Đào tạo nghề,KCQG,<script>alert(1)</script>,a,b\n"
    ).encode()
    upload(page, "<b>tệp</b>.csv", content)
    assert not page.exception
    shown = [c.value for c in page.caption] + [m.value for m in page.markdown]
    assert any("\\<img src=x onerror=alert\\(1\\)\\>" in s or "\\<img src=x onerror=alert(1)\\>" in s for s in shown)
    assert not any("<img" in s.replace("\\<img", "") for s in shown)
    assert not any("[link](" in s.replace("\\[link\\](", "") for s in shown)
    # the title with a script tag reaches the page only inside a data table
    assert all("<script>" not in s for s in shown)


def test_viewer_never_reaches_the_uploader(bundled_copy, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert len(at.file_uploader) == 0 and len(at.dataframe) == 0


@pytest.mark.parametrize(
    ("lang", "column", "when"),
    [("vi", "Thời điểm (giờ Việt Nam)", "23/11/2026 14:05"), ("en", "Created (Vietnam time)", "2026-11-23 14:05")],
)
def test_versions_say_when_in_vietnam_time_not_as_a_timestamp(lang, column, when, bundled_copy, monkeypatch):
    monkeypatch.setattr(store, "now_iso", lambda: "2026-11-23T07:05:09+00:00")  # 14:05 in Hà Nội
    name = "excel_first_sheet.xlsx"
    assert importer.commit((CORPUS / "accepted" / name).read_bytes(), name, base=str(bundled_copy), user="lan").ok
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state[auth.SESSION_KEY] = "lan"
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    versions = _versions(at)
    assert list(versions[column]) == [when, when]  # the import and the snapshot of the bundled data before it
    assert at.info[0].value.replace("\\", "").endswith(f"{when})")  # the version in use, above (Markdown escapes aside)
    shown = [at.info[0].value, *versions.astype(str).to_numpy().ravel()]
    assert not any("2026-11-23T" in s or "+00:00" in s or "07:05" in s for s in shown)


ODD = (
    "STT;Đề án;Tỉnh;Năm;Lĩnh vực;Nguồn kinh phí;KP (đồng)\n"
    "1;Lớp dệt;Điện Biên;2012;Dạy nghề dệt;KCQG;1.000.000\n"
    "2;Hội chợ;Điện Biên;2012;Chợ phiên;KCĐP;2.000.000\n"
).encode()


def _select_for(at: AppTest, label: str):
    return next(s for s in at.selectbox if s.label == label)


def test_mapping_step_maps_a_column_and_a_value_by_hand_then_imports(page, bundled_copy):
    upload(page, "so_lieu_van_phong.csv", ODD)
    assert not page.exception
    assert page.error and page.error[0].value.startswith("Tệp bị từ chối")
    preview = page.dataframe[0].value  # the first rows as the file has them
    assert list(preview.columns)[:3] == ["1. STT", "2. Đề án", "3. Tỉnh"] and preview.iloc[0, 1] == "Lớp dệt"
    assert _select_for(page, "KP (đồng)").value == "budget_million_vnd"  # matched by a synonym
    assert _select_for(page, "STT").value == ""  # "bỏ qua"
    _select_for(page, "Đề án").select("title_vi")
    _select_for(page, "Lĩnh vực").select("activity_type_code")
    page.button(key="import_apply").click().run()
    assert not page.exception
    # the values of the chosen column are now reconciled: one with a suggestion, one without
    dạy = _select_for(page, "Nội dung khuyến công: “Dạy nghề dệt” (1 hàng)")
    chợ = _select_for(page, "Nội dung khuyến công: “Chợ phiên” (1 hàng)")
    assert dạy.value == "nd45_1" and chợ.value == ""
    chợ.select("nd45_4")
    page.button(key="import_apply").click().run()
    assert not page.exception
    assert [s.value for s in page.success] == ["Tệp hợp lệ: 2 hàng, không có lỗi."]
    page.text_input(key="import_profile_name").input("Điện Biên – Sở Công Thương")
    page.button(key="import_profile_save").click().run()
    assert importer.list_profiles(str(bundled_copy)) == ["Điện Biên – Sở Công Thương"]
    page.button(key="import_confirm").click().run()
    assert not page.exception
    assert store.current_version_id(str(bundled_copy)) == "2"
    saved = importer.load_profile(str(bundled_copy), "Điện Biên – Sở Công Thương")
    assert saved.columns[importer.header_key("Đề án")] == "title_vi"
    assert saved.values["activity_type_code"] == {"day nghe det": "nd45_1", "cho phien": "nd45_4"}


def test_a_workbook_with_several_sheets_offers_the_choice(page, bundled_copy):
    upload(page, CORPUS / "accepted" / "excel_named_sheet.xlsx")  # the data is on its second sheet
    assert list(_report(page, "Hàng")["Lỗi"]) == [
        "không nhận ra đây là bảng nào (đề án hay cụm công nghiệp); hãy chọn loại bảng"
    ]
    choice = _select_for(page, "Trang tính")
    assert choice.options == ["Hướng dẫn", "Số liệu"]
    choice.select("Số liệu").run()
    assert not page.exception
    assert [s.value for s in page.success] == ["Tệp hợp lệ: 8 hàng, không có lỗi."]


def test_an_imported_file_leaves_the_servers_memory(page, bundled_copy, monkeypatch):
    """Streamlit keeps a session's uploads until the session ends; after an import the page
    releases the file at once, and the release really drops it."""
    from kcdash.ui import uploads

    released: list[str] = []
    real = uploads.release_upload
    monkeypatch.setattr(uploads, "release_upload", lambda uploaded: (released.append(uploaded.name), real(uploaded)))
    upload(page, CORPUS / "accepted" / "excel_first_sheet.xlsx")
    assert released == []  # checked, not imported: the steward may still confirm
    page.button(key="import_confirm").click().run()
    assert store.current_version_id(str(bundled_copy)) == "2"
    assert released == ["excel_first_sheet.xlsx"]

    held = AppTest.from_string(
        "import streamlit as st\n"
        "from streamlit.runtime.scriptrunner import get_script_run_ctx\n"
        "from streamlit.runtime.uploaded_file_manager import UploadedFileRec\n"
        "from kcdash.ui import uploads\n"
        "ctx = get_script_run_ctx()\n"
        "mgr = ctx.uploaded_file_mgr\n"
        "mgr.add_file(ctx.session_id, UploadedFileRec(file_id='f1', name='x.csv', type='text/csv', data=b'a' * 1000))\n"
        "before = len(mgr.get_files(ctx.session_id, ['f1']))\n"
        "uploads.release_upload(type('Uploaded', (), {'file_id': 'f1', 'name': 'x.csv'})())\n"
        "st.write(f\"{before} {len(mgr.get_files(ctx.session_id, ['f1']))}\")\n"
    ).run()
    assert not held.exception, held.exception
    assert [m.value for m in held.markdown] == ["1 0"]
