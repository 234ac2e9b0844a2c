"""绩效看板 ETL: report files → typed records → checks → DuckDB warehouse."""
