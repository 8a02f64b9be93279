-- A report query that sorts and hashes 300k generated rows: memory per backend follows work_mem.
SELECT h, count(*) FROM (
  SELECT md5(g::text) AS h FROM generate_series(1, 300000) g ORDER BY h
) s GROUP BY h ORDER BY count(*) DESC, h LIMIT 10;
