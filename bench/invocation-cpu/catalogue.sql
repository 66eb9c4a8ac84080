-- The benchmark's own catalogue entries (bench/invocation-cpu/run.sh loads them; they do not
-- depend on the shipped catalogue): EPFO's passbook passed through (rest-json, ~5 KB answer), the
-- same passbook mapped in code (epfo), a small generic answer passed through (~450 B), and the
-- same small answer from an operation with a cache TTL (after the first call, answered from
-- catalog-service's per-citizen cache: the whole invocation path but the department call).
insert into category (code, position, names) values ('bench', 9999, '{"en": "Benchmark"}') on conflict (code) do nothing;
insert into department (code, type, names, adapter_type, adapter_settings) values
 ('BENCH-EPFO', 'CENTRAL', '{"en": "EPFO (benchmark copy)"}', 'rest-json', '{"baseUrl": "{{simulator}}/departments/EPFO", "timeoutMs": 3000, "maxConcurrentCalls": 64}'),
 ('BENCH-EPFO-MAPPED', 'CENTRAL', '{"en": "EPFO via the epfo adapter"}', 'epfo', '{"baseUrl": "{{simulator}}/departments/EPFO", "timeoutMs": 3000, "maxConcurrentCalls": 64}'),
 ('BENCH-SMALL', 'CENTRAL', '{"en": "A department with small answers"}', 'rest-json', '{"baseUrl": "{{simulator}}/departments/BENCH-SMALL", "timeoutMs": 3000, "maxConcurrentCalls": 64}')
on conflict (code) do update set adapter_type = excluded.adapter_type, adapter_settings = excluded.adapter_settings;
delete from catalogue_entry where code in ('BENCH-PASSBOOK', 'BENCH-PASSBOOK-MAPPED', 'BENCH-STATUS', 'BENCH-STATUS-CACHED');
insert into catalogue_entry (code, department_code, category_code, type, status, channels, countries, names, descriptions) values
 ('BENCH-PASSBOOK', 'BENCH-EPFO', 'bench', 'CENTRAL', 'PUBLISHED', '{android,ios,web}', '{IN}', '{"en": "Passbook (benchmark)"}', '{"en": "EPF passbook, passed through"}'),
 ('BENCH-PASSBOOK-MAPPED', 'BENCH-EPFO-MAPPED', 'bench', 'CENTRAL', 'PUBLISHED', '{android,ios,web}', '{IN}', '{"en": "Passbook (benchmark, mapped)"}', '{"en": "EPF passbook, mapped by the epfo adapter"}'),
 ('BENCH-STATUS', 'BENCH-SMALL', 'bench', 'CENTRAL', 'PUBLISHED', '{android,ios,web}', '{IN}', '{"en": "Vehicle status (benchmark)"}', '{"en": "A small answer, passed through"}'),
 ('BENCH-STATUS-CACHED', 'BENCH-SMALL', 'bench', 'CENTRAL', 'PUBLISHED', '{android,ios,web}', '{IN}', '{"en": "Vehicle status (benchmark, cached)"}', '{"en": "A small answer, kept for an hour per citizen"}');
insert into operation (entry_code, code, names, http_method, path_template, input_schema, idempotent) values
 ('BENCH-PASSBOOK', 'passbook', '{"en": "View passbook"}', 'POST', '/passbook',
  '{"type": "object", "required": ["uan"], "additionalProperties": false, "properties": {"uan": {"type": "string", "pattern": "^1[0-9]{11}$", "title": "UAN", "examples": ["100200300400"]}}}', true),
 ('BENCH-PASSBOOK-MAPPED', 'passbook', '{"en": "View passbook"}', 'POST', '/passbook',
  '{"type": "object", "required": ["uan"], "additionalProperties": false, "properties": {"uan": {"type": "string", "pattern": "^1[0-9]{11}$", "title": "UAN", "examples": ["100200300400"]}}}', true),
 ('BENCH-STATUS', 'status', '{"en": "Vehicle status"}', 'POST', '/vehicles/status',
  '{"type": "object", "required": ["vehicleNumber"], "additionalProperties": false, "properties": {"vehicleNumber": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{1,2}[A-Z]{0,3}[0-9]{4}$", "title": "Vehicle number", "examples": ["KA01AB1234"]}}}', true);
insert into operation (entry_code, code, names, http_method, path_template, input_schema, idempotent, cache_ttl_seconds) values
 ('BENCH-STATUS-CACHED', 'status', '{"en": "Vehicle status"}', 'POST', '/vehicles/status',
  '{"type": "object", "required": ["vehicleNumber"], "additionalProperties": false, "properties": {"vehicleNumber": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{1,2}[A-Z]{0,3}[0-9]{4}$", "title": "Vehicle number", "examples": ["KA01AB1234"]}}}', true, 3600);
