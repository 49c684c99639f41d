-- The same transaction as repos.register (domain lookup, repo insert, outbox insert), for pgbench.
\set n random(1, 2000000000)
BEGIN;
SELECT id FROM domains WHERE slug = 'bench';
INSERT INTO repos (id, name, domain_id, default_branch)
  SELECT gen_random_uuid(), 'pgbench/' || :client_id || '-' || :n || '-' || random(), id, 'main' FROM domains WHERE slug = 'bench'
  ON CONFLICT (name) DO NOTHING;
INSERT INTO event_outbox (id, subject, envelope)
  VALUES (gen_random_uuid(), 'org.statehub.repo.registered',
          jsonb_build_object('specversion', '1.0', 'type', 'org.statehub.repo.registered', 'source', '/statehub',
                             'data', jsonb_build_object('name', 'pgbench', 'domain', 'bench')));
COMMIT;
