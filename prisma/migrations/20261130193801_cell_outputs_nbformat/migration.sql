-- AlterTable
ALTER TABLE "agent_tool_calls" ADD COLUMN     "skip_reason" TEXT;

-- Cell outputs become Jupyter nbformat 4 output objects, in order. An older row held
-- {value, figures: [{png}], tables: [{html}]} beside its stdout/stderr columns: its streams come
-- first, then its tables, its value and its figures (the order the old runtime showed them in).
UPDATE "agent_tool_calls" SET "outputs" = (
  SELECT coalesce(jsonb_agg(part.output ORDER BY part.rank, part.position), '[]'::jsonb)
  FROM (
    SELECT 1 AS rank, 0::bigint AS position,
           jsonb_build_object('output_type', 'stream', 'name', 'stdout', 'text', "stdout") AS output
    WHERE coalesce("stdout", '') <> ''
    UNION ALL
    SELECT 2, 0, jsonb_build_object('output_type', 'stream', 'name', 'stderr', 'text', "stderr")
    WHERE coalesce("stderr", '') <> ''
    UNION ALL
    SELECT 3, tables.position, jsonb_build_object(
      'output_type', 'display_data', 'data', jsonb_build_object('text/html', tables.item->>'html'),
      'metadata', '{}'::jsonb)
    FROM jsonb_array_elements(coalesce("outputs"->'tables', '[]'::jsonb)) WITH ORDINALITY AS tables(item, position)
    UNION ALL
    SELECT 4, 0, jsonb_build_object(
      'output_type', 'execute_result', 'execution_count', NULL,
      'data', jsonb_build_object('text/plain', "outputs"->>'value'), 'metadata', '{}'::jsonb)
    WHERE coalesce("outputs"->>'value', '') <> ''
    UNION ALL
    SELECT 5, figures.position, jsonb_build_object(
      'output_type', 'display_data', 'data', jsonb_build_object('image/png', figures.item->>'png'),
      'metadata', '{}'::jsonb)
    FROM jsonb_array_elements(coalesce("outputs"->'figures', '[]'::jsonb)) WITH ORDINALITY AS figures(item, position)
  ) AS part
)
WHERE "status" IN ('completed', 'error') AND ("outputs" IS NULL OR jsonb_typeof("outputs") = 'object');
