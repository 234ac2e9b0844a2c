-- warehouse tables. money columns are in 万元 unless the column name ends in _original.
-- grain is stated above each table; report_id is a hash of (source_hash, report_index),
-- so re-loading the same file content yields the same ids.

-- one row per report (one project's self-evaluation) found in a source file
create table if not exists reports (
    report_id varchar primary key,
    source_file varchar not null,
    source_hash varchar not null,
    report_index integer not null,
    source_format varchar,
    source_encoding varchar,
    year integer,
    department varchar,
    implementing_unit varchar,
    unit_id varchar,
    department_unit_id varchar,
    project_id varchar,
    project_name varchar,
    money_unit varchar,
    money_factor double,
    budget_initial double,
    budget double,
    executed double,
    fiscal_budget double,
    fiscal_executed double,
    other_budget double,
    other_executed double,
    budget_initial_original double,
    budget_original double,
    executed_original double,
    fiscal_budget_original double,
    fiscal_executed_original double,
    other_budget_original double,
    other_executed_original double,
    execution_rate double,
    execution_rate_stated double,
    budget_weight double,
    budget_score double,
    self_score_total double,
    grade varchar,
    form_kind varchar,
    layout varchar,
    row_builder varchar,  -- how the indicator rows were rebuilt (etl/parse/indicators.py)
    goal_target varchar,
    goal_actual varchar,
    n_indicators integer not null,
    n_outcomes integer not null,
    provenance json
);

-- one row per indicator row of a report's 绩效指标 table
create table if not exists indicators (
    report_id varchar not null,
    indicator_index integer not null,
    level1 varchar,
    level2 varchar,
    level3 varchar,
    level1_category varchar,
    level2_category varchar,
    target varchar,
    actual varchar,
    target_comparator varchar,
    target_number double,
    target_unit varchar,
    target_qualifier varchar,
    target_qualitative boolean,
    actual_comparator varchar,
    actual_number double,
    actual_unit varchar,
    actual_qualifier varchar,
    actual_qualitative boolean,
    weight double,
    score double,
    completion_status varchar,
    completion_ratio double,
    is_reverse boolean,
    deviation_reason varchar,
    source_position varchar,
    primary key (report_id, indicator_index)
);

-- one row per figure stated in a report's prose
create table if not exists outcomes (
    report_id varchar not null,
    outcome_index integer not null,
    metric varchar not null,
    value double,
    unit varchar,
    qualifier varchar,
    entity varchar,
    scope varchar,
    sentence varchar,
    source_position varchar,
    rule varchar,        -- why it was taken (etl/outcomes/vocabulary.py RULES)
    conflict boolean,    -- the report states this fact with another value too
    primary key (report_id, outcome_index)
);
-- warehouses built before reports recorded their row builder, and outcomes their rule
alter table reports add column if not exists row_builder varchar;
alter table outcomes add column if not exists rule varchar;
alter table outcomes add column if not exists conflict boolean;

-- one row per finding of the load-time quality checks
create table if not exists quality_flags (
    report_id varchar not null,
    flag_index integer not null,
    code varchar not null,
    severity varchar not null,
    message varchar,
    evidence varchar,
    indicator_index integer,
    primary key (report_id, flag_index)
);

-- one row per file per ingest run (append-only history)
create table if not exists ingest_log (
    run_id varchar not null,
    file varchar not null,
    hash varchar,
    status varchar not null,
    reason varchar,
    n_reports integer not null,
    warnings varchar,
    ingested_at timestamp not null,
    loaded_by varchar            -- who ran it: the name typed on 数据导入, else the OS user
);

-- one row per canonical unit (spelling variants merged); rebuilt after every ingest
create table if not exists units (
    unit_id varchar primary key,
    name varchar not null,
    n_variants integer not null,
    n_reports integer not null
);

-- one row per unit name as written in some report; rebuilt after every ingest
create table if not exists unit_variants (
    raw_name varchar primary key,
    unit_id varchar not null
);

-- one row per project recurring across years; rebuilt after every ingest
create table if not exists projects (
    project_id varchar primary key,
    unit_id varchar,
    name varchar not null,
    first_year integer,
    last_year integer,
    n_years integer not null,
    n_reports integer not null
);

-- one row per report per scoring profile (etl/scoring/profiles.toml): the total recomputed
-- from the report's figures beside the stated one; rebuilt after every ingest
create table if not exists report_scores (
    report_id varchar not null,
    profile varchar not null,
    stated_score double,
    stated_grade varchar,
    score double,              -- null when nothing could be scored
    grade varchar,
    differences varchar,       -- 'SCORE_DIFFERS', 'GRADE_DIFFERS' joined by ';', or null
    note varchar,              -- rescaling and capping, in Chinese
    primary key (report_id, profile)
);

-- one row per scored line of a report per profile: line 0 is the budget block, line n
-- the report's indicator n - 1 (indicator_index + 1)
create table if not exists score_lines (
    report_id varchar not null,
    profile varchar not null,
    line_index integer not null,
    item varchar,
    weight double,
    points double,             -- null: the line was dropped (see arithmetic)
    arithmetic varchar,
    primary key (report_id, profile, line_index)
);

-- one row per red/yellow warning on a report (etl/scoring/warnings.py); a report without
-- any is green. Rebuilt after every ingest.
create table if not exists report_warnings (
    report_id varchar not null,
    warning_index integer not null,
    rule varchar not null,       -- EXECUTION_LOW, COMPLETION_AHEAD, UNSPENT, TARGET_TOO_LOW, …
    level varchar not null,      -- 'red' | 'yellow'
    message varchar,             -- the finding with its figures, in Chinese
    indicator_index integer,     -- → indicators.indicator_index when about one indicator
    primary key (report_id, warning_index)
);

-- one row per indicator-design finding of a report (etl/scoring/audit.py); rebuilt after
-- every ingest
create table if not exists design_findings (
    report_id varchar not null,
    finding_index integer not null,
    rule varchar not null,       -- LOW_QUANTIFIED, MISSING_EFFECT, VAGUE_TARGET, …
    message varchar,             -- with the figures or the words found, in Chinese
    indicator_index integer,     -- → indicators.indicator_index when about one indicator
    primary key (report_id, finding_index)
);

-- one row per indicator row that names an indicator: its name as the library knows it
-- (etl/taxonomy.py indicator_key: numbering, spaces and a bracketed unit dropped).
-- Rebuilt after every ingest.
create table if not exists indicator_names (
    report_id varchar not null,
    indicator_index integer not null,
    indicator_key varchar not null,
    primary key (report_id, indicator_index)
);

-- one row per distinct indicator in use (the indicator library); the dashboard adds the
-- figures that follow its filters (units, years, met share, typical target)
create table if not exists indicator_library (
    indicator_key varchar primary key,
    category varchar,            -- the 一级 category most of its rows are filed under
    spellings varchar,           -- every distinct 三级 (or 二级) spelling, joined by '；'
    n_spellings integer,
    uses integer,                -- indicator rows
    n_reports integer
);
