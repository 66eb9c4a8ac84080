-- EPFO speaks through its coded adapter type, epfo: V3 shipped every central department on
-- rest-json, which passed EPFO's own dialect on to citizens as it came (snake_case fields,
-- dd-MM-yyyy dates, rupees as bare strings) against the platform's conventions (money
-- {"value", "currency"}, ISO-8601 dates). epfo has rest-json's settings and request side, so the
-- stored settings (an operator's base URL and credentials included) and operations stay as they
-- are; only the type changes, and only where it is still the shipped one. Left alone: a department
-- an operator moved to another type, and one with a response mapping on any of its operations,
-- written against EPFO's raw answer, which epfo maps in code and would not apply.
update department d
set adapter_type = 'epfo',
    updated_at   = now()
where d.code = 'EPFO'
  and d.adapter_type = 'rest-json'
  and not exists (select 1
                  from operation o
                           join catalogue_entry e on e.code = o.entry_code
                  where e.department_code = d.code
                    and o.response_mapping::jsonb <> '{}'::jsonb);
