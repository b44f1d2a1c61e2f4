CREATE TABLE tasks (
    id          text PRIMARY KEY,
    title       text NOT NULL,
    status      text,
    created_at  timestamptz,
    source      text,
    legacy_id   text
);
