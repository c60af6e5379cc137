-- A host application's own schema, in public, managed by its own Flyway.
CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);
INSERT INTO orders VALUES (1, 10.00);
