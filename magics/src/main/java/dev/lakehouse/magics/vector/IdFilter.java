package dev.lakehouse.magics.vector;

import org.apache.lucene.search.Query;

/** The rows a filter admits: a Lucene query over their ids, and how many there are. */
public record IdFilter(Query query, int size) {}
