package dev.lakehouse.magics.vector;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Brings an index up to its table's latest version without a rebuild. With the change data feed
 * enabled it reads only the changes since the indexed version; otherwise it compares each row's
 * hash in the latest snapshot with the hash the index stored, which needs no old version (so it
 * still works after VACUUM). Either way only new and changed rows are embedded again, and the
 * result becomes visible in one Lucene commit tagged with the new version.
 */
final class IndexSync {
    enum Method { UP_TO_DATE, CHANGE_DATA_FEED, SNAPSHOT_DIFF, FULL_REBUILD }

    record Outcome(Method method, long fromVersion, long toVersion, long upserted, long deleted, double seconds,
                   String note) {}

    /** Delete or update-preimage last means the id is gone (an update can change the id itself). */
    private static final List<String> REMOVALS = List.of("delete", "update_preimage");

    private IndexSync() {}

    static Outcome sync(SparkSession spark, VectorIndexes indexes, String name, boolean full) {
        long start = System.nanoTime();
        VectorIndexes.OpenIndex index = indexes.open(name);
        IndexManifest manifest = index.manifest();
        DeltaSource source = new DeltaSource(manifest.table(), manifest.location());
        long indexed = index.lucene().tableVersion();
        long latest = source.latestVersion(spark);
        if (full) {
            IndexBuilder.Outcome rebuilt = IndexBuilder.rebuild(spark, indexes, manifest);
            return new Outcome(Method.FULL_REBUILD, indexed, rebuilt.tableVersion(), rebuilt.indexed(), 0,
                    seconds(start), null);
        }
        if (latest == indexed) {
            return new Outcome(Method.UP_TO_DATE, indexed, latest, 0, 0, seconds(start), null);
        }
        if (latest < indexed) {
            return new Outcome(Method.UP_TO_DATE, indexed, latest, 0, 0, seconds(start),
                    "the table's log ends at version " + latest + ", before the indexed version " + indexed
                            + " (was it recreated?); run %vector sync " + name + " --full to rebuild");
        }
        String note = null;
        Changes changes;
        try {
            changes = fromChangeFeed(spark, source, manifest, indexed + 1, latest);
        } catch (Exception noFeed) { // DeltaAnalysisException is checked in Java's eyes, and undeclared
            note = "change data feed not available for versions " + (indexed + 1) + "-" + latest
                    + ", compared snapshots by id instead";
            changes = fromSnapshotDiff(spark, source, manifest, index.lucene(), latest);
        }
        try (LuceneVectorIndex.Writer writer = index.lucene().writer(IndexBuilder.indexingThreads())) {
            for (String id : changes.deletedIds()) {
                writer.delete(id);
            }
            for (IndexedDoc doc : changes.upserts()) {
                writer.upsert(doc);
            }
            writer.commit(latest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Method method = note == null ? Method.CHANGE_DATA_FEED : Method.SNAPSHOT_DIFF;
        return new Outcome(method, indexed, latest, changes.upserts().size(), changes.deletedIds().size(),
                seconds(start), note);
    }

    private record Changes(List<IndexedDoc> upserts, List<String> deletedIds) {}

    /**
     * The last change per id in the version range decides: removed, or the row's newest image.
     * All embedding happens (and any error surfaces) before the index is touched.
     */
    private static Changes fromChangeFeed(SparkSession spark, DeltaSource source, IndexManifest manifest,
                                          long from, long to) {
        Dataset<Row> feed = source.changes(spark, from, to);
        String id = IndexRows.quote(manifest.idColumn());
        Dataset<Row> last = feed
                .withColumn("_order", row_number().over(Window.partitionBy(col(id))
                        .orderBy(col("_commit_version").desc(),
                                when(col("_change_type").isin(REMOVALS.toArray()), 0).otherwise(1).desc())))
                .where(col("_order").equalTo(1))
                .where(col(id).isNotNull());
        Dataset<Row> removed = last.where(col("_change_type").isin(REMOVALS.toArray()));
        Dataset<Row> current = last.where(col("_change_type").isin("insert", "update_postimage"));
        List<String> deletedIds = removed.select(col(id).cast("string")).as(Encoders.STRING()).collectAsList();
        List<IndexedDoc> upserts = docs(IndexRows.transform(current, manifest).collectAsList(), deletedIds);
        return new Changes(upserts, deletedIds);
    }

    /** Rows whose hash differs from (or is missing in) the index are upserted; ids gone from the table deleted. */
    private static Changes fromSnapshotDiff(SparkSession spark, DeltaSource source, IndexManifest manifest,
                                            LuceneVectorIndex lucene, long version) {
        Dataset<Row> snapshot = source.snapshot(spark, version);
        Map<String, Long> indexedHashes = lucene.idHashes();
        Set<String> present = new HashSet<>();
        List<String> changedIds = new ArrayList<>();
        for (Row row : IndexRows.select(snapshot, manifest).select("_id", "_hash").collectAsList()) {
            if (row.isNullAt(0)) {
                continue;
            }
            String rowId = row.getString(0);
            present.add(rowId);
            Long hash = indexedHashes.get(rowId);
            if (hash == null || hash != row.getLong(1)) {
                changedIds.add(rowId);
            }
        }
        List<String> deletedIds = new ArrayList<>();
        for (String indexedId : indexedHashes.keySet()) {
            if (!present.contains(indexedId)) {
                deletedIds.add(indexedId);
            }
        }
        List<IndexedDoc> upserts = List.of();
        if (!changedIds.isEmpty()) {
            Dataset<Row> changedKeys = spark.createDataset(changedIds, Encoders.STRING()).toDF("_changed_id");
            Dataset<Row> changedRows = snapshot
                    .join(org.apache.spark.sql.functions.broadcast(changedKeys),
                            col(IndexRows.quote(manifest.idColumn())).cast("string").equalTo(col("_changed_id")))
                    .drop("_changed_id");
            upserts = docs(IndexRows.transform(changedRows, manifest).collectAsList(), deletedIds);
        }
        return new Changes(upserts, deletedIds);
    }

    /** Rows that lost their vector (null vector, blank text) leave the index instead. */
    private static List<IndexedDoc> docs(List<Row> rows, List<String> deletedIds) {
        List<IndexedDoc> docs = new ArrayList<>(rows.size());
        for (Row row : rows) {
            IndexedDoc doc = IndexRows.toDoc(row);
            if (doc != null) {
                docs.add(doc);
            } else if (!row.isNullAt(0)) {
                deletedIds.add(row.getString(0));
            }
        }
        return docs;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
