-- A host application's own tables in public, under its own Flyway history.
CREATE TABLE customer (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE payment (id bigint PRIMARY KEY, customer_id bigint REFERENCES customer (id), amount numeric NOT NULL);
