-- Binary data kept in PostgreSQL (hetumind.studio.engine.binary-store=postgres), so every studio process of an
-- instance reads what another stored. One row per chunk of a file; a file is (namespace, file), its namespace the
-- execution's id (or, for files stored before their execution existed, a name of their own). Swept by BinarySweeper.
CREATE TABLE binary_data (
    namespace  text        NOT NULL,
    file       uuid        NOT NULL,
    seq        integer     NOT NULL,
    chunk      bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (namespace, file, seq)
);
