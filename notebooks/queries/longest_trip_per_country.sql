-- Used by notebooks/sql.ipynb to show %sql -f FILE (paths are relative to the notebook).
SELECT country, max(km) AS longest_km, count(*) AS trips
FROM sql_demo_trips
GROUP BY country
ORDER BY longest_km DESC
