package io.lamassu.common.query;

/** Field types of upstream-notes §3.2; each accepts its own operator set. */
public enum FieldType {
    STRING, STRING_ARRAY, DATE, NUMBER, ENUM, JSON
}
