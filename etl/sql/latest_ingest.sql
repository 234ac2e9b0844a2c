-- grain: one row per source file ever ingested; its most recent ingest_log entry
create or replace view latest_ingest as

with log as (
    select * from ingest_log
),

ranked as (
    select
        *,
        row_number() over (partition by file order by ingested_at desc, run_id desc) as rank_in_file
    from log
),

final as (
    select file, hash, status, reason, n_reports, warnings, ingested_at, run_id, loaded_by
    from ranked
    where rank_in_file = 1
)

select * from final
