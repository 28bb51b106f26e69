-- Intentional no-op: reserved slot that keeps the versioned migration order of the original design stable.
SELECT 1;
