-- One row per goal or claim found in a document (context: read but not a goal).
-- Generated from pipeline/warehouse/registry.py: edit it there, then run
-- python -m pipeline.warehouse.registry --write.
create table policy_goals (
    goal_id varchar not null,
    document_id varchar not null,
    kind varchar not null,
    text varchar not null,
    span_start integer not null,
    span_end integer not null,
    section varchar,
    theme varchar,
    direction varchar not null,
    country_iso3 varchar not null,
    target_value double,
    target_unit varchar,
    comparator varchar,
    target_year integer,
    quantity_text varchar,
    measure varchar,
    comparator_wording varchar,
    base_value double,
    base_year integer,
    period_start integer,
    period_end integer,
    target_value_low double,
    claim_rank integer,
    claim_run_years integer,
    claim_run_comparator varchar,
    claim_start_year integer,
    primary_indicator varchar,
    is_measured boolean not null,
    rule varchar not null,
    confidence double not null,
    note varchar,
    reviewed boolean not null,
    review varchar,
    review_status varchar,
    review_reason varchar,
    primary key (goal_id)
);

comment on table policy_goals is 'One row per goal or claim found in a document (context: read but not a goal).';
comment on column policy_goals.goal_id is 'Document, kind letter and character offset: stable while the text is.';
comment on column policy_goals.document_id is 'The document it was found in.';
comment on column policy_goals.kind is 'goal | claim | funding (money a plan commits) | context.';
comment on column policy_goals.text is 'The clause, as written.';
comment on column policy_goals.span_start is 'Offset of the clause in policy_documents.text.';
comment on column policy_goals.span_end is 'End offset of the clause.';
comment on column policy_goals.section is 'The heading above the clause.';
comment on column policy_goals.theme is 'What it is about: a catalogue theme, or wdi:<code> when the series search found the indicator.';
comment on column policy_goals.direction is 'Goals: increase | decrease | maintain | achieve; claims: threshold | rank.';
comment on column policy_goals.country_iso3 is 'The economy it concerns.';
comment on column policy_goals.target_value is 'The number it states, in target_unit.';
comment on column policy_goals.target_unit is 'The number''s unit: %, % of GDP, percentage points, US$, yuan, people, times, ...';
comment on column policy_goals.comparator is 'How the number binds: >, >=, <, <=, ~, =, between.';
comment on column policy_goals.target_year is 'The deadline.';
comment on column policy_goals.quantity_text is 'The number as written.';
comment on column policy_goals.measure is 'What the number measures: level (at the deadline) | change (cumulative, from the period''s base) | annual_rate (one year''s) | average_rate (over the period) | multiple (of a base) | count (made in the period).';
comment on column policy_goals.comparator_wording is 'The words that bind the number, as written: around, no more than, within, at least, basically stable, ...';
comment on column policy_goals.base_value is 'A base the text states: ''from 6.4 million in 2020''.';
comment on column policy_goals.base_year is 'The year of that base.';
comment on column policy_goals.period_start is 'First year the target covers.';
comment on column policy_goals.period_end is 'Last year the target covers (its deadline).';
comment on column policy_goals.target_value_low is 'A range''s low end; a change claim''s start value.';
comment on column policy_goals.claim_rank is 'A rank claim''s rank (1 = first).';
comment on column policy_goals.claim_run_years is 'Consecutive years a rank claim says it held.';
comment on column policy_goals.claim_run_comparator is 'How the run''s years bind (>, >=, ...).';
comment on column policy_goals.claim_start_year is 'The year a change claim starts (''over the past five years'', ''since 2012''), from the text and the publication year.';
comment on column policy_goals.primary_indicator is 'The indicator that measures it best.';
comment on column policy_goals.is_measured is 'Whether any indicator measures it.';
comment on column policy_goals.rule is 'The rules that produced the record, in order.';
comment on column policy_goals.confidence is 'How sure the rules are (0-1).';
comment on column policy_goals.note is 'What the rules did not understand, in words.';
comment on column policy_goals.reviewed is 'Whether a person reviewed it (data/reviews/).';
comment on column policy_goals.review is 'What the review did, by whom and why: ''corrected comparator ''~'' -> ''<='' by jane: ...'', ''accepted'', ''rejected''.';
comment on column policy_goals.review_status is 'A status (or claim verdict) a reviewer set by hand.';
comment on column policy_goals.review_reason is 'The reviewer''s reason.';
