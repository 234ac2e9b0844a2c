"""数据导入: upload report files (or .zip folders of them), see what they hold, then load.

Nothing reaches the warehouse before 确认导入: the files are staged in a folder of their
own under data/raw (etl/uploads.py) and read by `python -m etl` in a child process
(etl/jobs.py: the server never forks itself), file by file with a progress bar; the load
is the ETL's own ingest, run the same way, which replaces the warehouse file atomically,
so every open page moves to the new data at its next run.
"""

import pandas as pd
import streamlit as st

from dashboard import db, widgets
from dashboard.escape import markdown
from dashboard.i18n import t
from etl import jobs, uploads

STAGED_KEY = "upload_staged"  # session state: (StagedUpload, previews) awaiting a decision


def _preview_rows(previews: list[uploads.FilePreview]) -> pd.DataFrame:
    rows = []
    for item in previews:
        base = {"source_file": item.file.name, "quality_flag_count": item.flags}
        if item.reason:
            rows.append({**base, "upload_reason": item.reason})
        for report in item.reports:
            rows.append({**base, **report})
    columns = ["source_file", "project_name", "year", "budget", "executed",
               "indicators_found", "quality_flag_count", "upload_reason"]  # fmt: skip
    frame = pd.DataFrame(rows).rename(columns={"indicators": "indicators_found"})
    return frame.reindex(columns=columns)


def _progress_bar(label: str) -> jobs.Progress:
    """A progress bar told each file as the child process finishes it."""
    bar = st.progress(0.0, text=t(label))

    def show(done: int, total: int, name: str) -> None:
        text = t(label) + t("（{done}/{total}）", done=done, total=total) + markdown(name)
        bar.progress(done / total, text=text)

    return show


def _stage(files: list) -> None:
    staged = uploads.stage([(f.name, f.getvalue()) for f in files], db.raw_path())
    try:
        previews = jobs.preview(staged.files, _progress_bar("正在读取文件"))
    except jobs.JobFailed as err:
        uploads.discard(staged)
        _failed(err)
    st.session_state[STAGED_KEY] = (staged, previews)


def _failed(err: jobs.JobFailed) -> None:
    st.error(t("导入未完成：{error}", error=markdown(str(err))), icon=":material/error:")
    st.stop()


def _discard() -> None:
    staged, _ = st.session_state.pop(STAGED_KEY)
    uploads.discard(staged)


st.title(t("数据导入"))
st.caption(
    t(
        "上传自评报告文件（docx、xlsx、xls、doc、pdf、html、txt，扫描件或照片 jpg、png、tif 等）"
        "或其压缩包；先预览识别结果，"
        "确认后写入数据仓库。单个文件不超过 {file} MB，一次不超过 {total} MB。",
        file=uploads.MAX_FILE_BYTES // 2**20,
        total=uploads.MAX_UPLOAD_BYTES // 2**20,
    )
)
pending = st.session_state.get(STAGED_KEY)

# layout
if pending is None:
    chosen = st.file_uploader(
        t("选择文件"), accept_multiple_files=True, key="upload_files",
        max_upload_size=uploads.MAX_UPLOAD_BYTES // 2**20,
    )  # fmt: skip
    if chosen and st.button(t("预览"), icon=":material/preview:", type="primary"):
        _stage(chosen)
        st.rerun()
    st.stop()

staged, previews = pending
readable = [p for p in previews if p.reports]
st.text_input(t("导入人"), key="upload_by", placeholder=t("记入入库记录的姓名或科室"))
st.subheader(t("预览：{n} 个文件可以导入", n=len(readable)))
table = _preview_rows(previews)
if not table.empty:
    widgets.table(table, "导入预览", hide_index=True, key="upload_preview")
if staged.refused:
    st.warning(
        t("以下文件未被接收：")
        + "\n".join(f"\n- {markdown(name)}：{markdown(reason)}" for name, reason in staged.refused),
        icon=":material/block:",
    )
confirm, cancel = st.columns(2)
if cancel.button(t("放弃本次上传"), icon=":material/delete:", on_click=_discard):
    st.rerun()
if readable and confirm.button(t("确认导入"), icon=":material/database:", type="primary"):
    try:
        summary = jobs.ingest(
            [staged.folder], db.warehouse_path(),
            st.session_state.get("upload_by") or t("网页上传"), _progress_bar("正在导入"),
        )  # fmt: skip
    except jobs.JobFailed as err:  # the upload stays staged: try again, or discard it
        _failed(err)
    del st.session_state[STAGED_KEY]
    st.success(
        t(
            "已导入 {loaded} 个文件，共 {reports} 份报告；{rejected} 个文件被拒绝"
            "（原因见数据质量页的入库记录）。数据仓库已更新。",
            loaded=summary.loaded,
            reports=summary.n_reports,
            rejected=summary.rejected,
        ),
        icon=":material/check_circle:",
    )
