-- Axon's JDBC stores. The event table has a sequence of its own (never a shared one: a shared
-- sequence leaves gaps that streaming processors may skip), payloads are BYTEA (no OID large objects).

CREATE SEQUENCE domain_event_global_index_seq;

CREATE TABLE domainevententry (
    globalindex         BIGINT       NOT NULL DEFAULT nextval('domain_event_global_index_seq') PRIMARY KEY,
    aggregateidentifier VARCHAR(255) NOT NULL,
    sequencenumber      BIGINT       NOT NULL,
    type                VARCHAR(255),
    eventidentifier     VARCHAR(255) NOT NULL UNIQUE,
    metadata            BYTEA,
    payload             BYTEA        NOT NULL,
    payloadrevision     VARCHAR(255),
    payloadtype         VARCHAR(255) NOT NULL,
    timestamp           VARCHAR(255) NOT NULL,
    UNIQUE (aggregateidentifier, sequencenumber)
);
ALTER SEQUENCE domain_event_global_index_seq OWNED BY domainevententry.globalindex;

CREATE TABLE snapshotevententry (
    aggregateidentifier VARCHAR(255) NOT NULL,
    sequencenumber      BIGINT       NOT NULL,
    type                VARCHAR(255) NOT NULL,
    eventidentifier     VARCHAR(255) NOT NULL UNIQUE,
    metadata            BYTEA,
    payload             BYTEA        NOT NULL,
    payloadrevision     VARCHAR(255),
    payloadtype         VARCHAR(255) NOT NULL,
    timestamp           VARCHAR(255) NOT NULL,
    PRIMARY KEY (aggregateidentifier, sequencenumber)
);

CREATE TABLE tokenentry (
    processorname VARCHAR(255) NOT NULL,
    segment       INTEGER      NOT NULL,
    token         BYTEA,
    tokentype     VARCHAR(255),
    timestamp     VARCHAR(255),
    owner         VARCHAR(255),
    PRIMARY KEY (processorname, segment)
);

CREATE TABLE sagaentry (
    sagaid         VARCHAR(255) NOT NULL PRIMARY KEY,
    revision       VARCHAR(255),
    sagatype       VARCHAR(255),
    serializedsaga BYTEA
);

CREATE TABLE associationvalueentry (
    id               BIGSERIAL    NOT NULL PRIMARY KEY,
    associationkey   VARCHAR(255),
    associationvalue VARCHAR(255),
    sagaid           VARCHAR(255),
    sagatype         VARCHAR(255)
);
-- sagas are found by their association values: without this index every event scans the table
CREATE INDEX associationvalueentry_type_key_value ON associationvalueentry (sagatype, associationkey, associationvalue);
CREATE INDEX associationvalueentry_saga ON associationvalueentry (sagaid, sagatype);

CREATE TABLE deadletterentry (
    deadletteridentifier VARCHAR(255)  NOT NULL PRIMARY KEY,
    processinggroup      VARCHAR(255)  NOT NULL,
    sequenceidentifier   VARCHAR(255)  NOT NULL,
    sequenceindex        BIGINT        NOT NULL,
    messagetype          VARCHAR(255)  NOT NULL,
    eventidentifier      VARCHAR(255)  NOT NULL,
    timestamp            VARCHAR(255)  NOT NULL,
    payloadtype          VARCHAR(255)  NOT NULL,
    payloadrevision      VARCHAR(255),
    payload              BYTEA         NOT NULL,
    metadata             BYTEA,
    type                 VARCHAR(255),
    aggregateidentifier  VARCHAR(255),
    sequencenumber       BIGINT,
    tokentype            VARCHAR(255),
    token                BYTEA,
    enqueuedat           VARCHAR(255)  NOT NULL,
    lasttouched          VARCHAR(255),
    processingstarted    VARCHAR(255),
    causetype            VARCHAR(255),
    causemessage         VARCHAR(1023),
    diagnostics          BYTEA,
    UNIQUE (processinggroup, sequenceidentifier, sequenceindex)
);
CREATE INDEX deadletterentry_group ON deadletterentry (processinggroup);
CREATE INDEX deadletterentry_sequence ON deadletterentry (processinggroup, sequenceidentifier);
