"""Format-independent rendering of report forms into docx, xlsx, html, pdf, xls and doc.

A form is laid out once into the rendering model (`model`): an ordered list of blocks
(`Para`, `Form`, `PageBreak`) where a `Form` is a grid of spanned cells. One writer per
format turns the blocks into a file, so every format shows the same content. Output is
byte-stable across runs (fixed zip times and document dates, see `reproducible`).

Modules:

- `model`: the rendering model (cells, grids, paragraphs) and `Fixture`, one output stem.
- `cells`: values as forms print them (money, rates, points, split targets).
- `form_parts`: what form layouts share: the indicator table, the lines around a form.
- `forms`: the national 2020 项目支出绩效自评表 and the 2018 绩效目标完成情况表.
- `docx`, `xlsx`, `html`: one writer per format (python-docx, openpyxl, plain text).
- `reproducible`: fixed times and the zip/PDF rewrites that make output byte-stable.
- `convert`: LibreOffice conversions to pdf, xls and doc (needs `soffice`).
"""
