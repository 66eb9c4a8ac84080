-- An operation's response mapping keeps the order in which the integrator wrote its output fields:
-- citizens get the fields of `data` in that order. jsonb stores an object's keys in its own order
-- (shortest first), so the column becomes json (the text as written). Mappings stored before this
-- migration keep the order jsonb gave them (the original is gone).
alter table operation drop constraint operation_response_mapping_check;
alter table operation alter column response_mapping drop default;
alter table operation alter column response_mapping type json using response_mapping::json;
alter table operation alter column response_mapping set default '{}';
alter table operation add constraint operation_response_mapping_check check (json_typeof(response_mapping) = 'object');
