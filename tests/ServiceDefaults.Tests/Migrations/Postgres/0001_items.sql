CREATE TABLE probe.items (id integer PRIMARY KEY, name text NOT NULL);
