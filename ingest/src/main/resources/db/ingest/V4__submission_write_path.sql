-- The group commit's write path, measured (docs/benchmarks.md, "Store"): per stored message the
-- server spent about a third of its CPU on checks that the schema can guarantee another way.

-- 1. A typical HL7 v2 message (1–8 KB) pushed the row past the default 2 KB TOAST threshold, so
--    every payload was pglz-compressed on insert (~7% of the server's CPU per message) for bytes
--    written once and read rarely. Rows up to a page stay inline and uncompressed; larger
--    payloads are still compressed and moved out of line.
ALTER TABLE submission SET (toast_tuple_target = 8160);

-- 2. Foreign keys are checked per inserted row by a trigger that looks the parent up and locks it
--    FOR KEY SHARE: every submission share-locked its sender's row (all of a lab's messages
--    contend for one row) and every outbox event looked its submission up again. Together they
--    cost more than the row inserts they guarded. The references stay sound because neither
--    parent is ever deleted: submissions are the append-only system of record, and a sender is
--    disabled, not removed. The triggers below make that a rule of the database, not a habit of
--    the code.
ALTER TABLE submission DROP CONSTRAINT submission_sender_id_fkey;
ALTER TABLE event_outbox DROP CONSTRAINT event_outbox_submission_id_fkey;

CREATE FUNCTION vigil_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on %: %', TG_OP, TG_TABLE_NAME, TG_ARGV[0]
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER submission_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON submission
    FOR EACH STATEMENT EXECUTE FUNCTION vigil_refuse_change('submissions are append-only');

CREATE TRIGGER sender_never_deleted
    BEFORE DELETE OR TRUNCATE ON sender
    FOR EACH STATEMENT EXECUTE FUNCTION vigil_refuse_change('disable a sender instead');

CREATE TRIGGER sender_id_immutable
    BEFORE UPDATE OF id ON sender
    FOR EACH ROW EXECUTE FUNCTION vigil_refuse_change('a sender id never changes');
