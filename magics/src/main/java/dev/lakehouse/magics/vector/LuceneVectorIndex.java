package dev.lakehouse.magics.vector;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * The search engine behind {@code %vector}: one Lucene index per vector index, holding an HNSW
 * graph of the vectors, a BM25 inverted index of the text (text indexes only), the stored columns
 * and, in each commit's user data, the table version the commit reflects. Knows nothing of Spark.
 *
 * <p>Readers only ever see commits, so a search never observes a half-applied sync.
 */
public final class LuceneVectorIndex implements Closeable {
    static final String ID = "_id";
    static final String VECTOR = "_vector";
    static final String TEXT = "_text";
    static final String HASH = "_hash";
    static final String ROW = "_row";
    static final String TABLE_VERSION = "table_version";

    /** HNSW knobs: {@code m} links per node, {@code efConstruction} candidates while linking. */
    public record Settings(int dimension, VectorMetric metric, int m, int efConstruction) {
        public static final int DEFAULT_M = 16;
        public static final int DEFAULT_EF_CONSTRUCTION = 100;
        public static final int MAX_DIMENSION = 1024;

        public Settings {
            if (dimension < 1 || dimension > MAX_DIMENSION) {
                throw new IllegalArgumentException("vectors must have 1 to " + MAX_DIMENSION
                        + " dimensions (Lucene's limit); got " + dimension);
            }
            if (m < 2 || m > Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN) {
                throw new IllegalArgumentException("--m must be 2 to " + Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN + "; got " + m);
            }
            if (efConstruction < 1 || efConstruction > Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH) {
                throw new IllegalArgumentException("--ef-construction must be 1 to "
                        + Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH + "; got " + efConstruction);
            }
        }
    }

    private final Path directoryPath;
    private final Settings settings;
    private final Directory directory;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private SearcherManager searchers;
    private boolean closed;

    private LuceneVectorIndex(Path directoryPath, Settings settings) throws IOException {
        this.directoryPath = directoryPath;
        this.settings = settings;
        this.directory = FSDirectory.open(directoryPath);
    }

    /** Opens the index in {@code directory}, creating an empty one if there is none yet. */
    public static LuceneVectorIndex open(Path directory, Settings settings) {
        try {
            LuceneVectorIndex index = new LuceneVectorIndex(directory, settings);
            if (!DirectoryReader.indexExists(index.directory)) {
                try (Writer writer = index.writer(1)) {
                    writer.commit(-1);
                }
            }
            index.searchers = new SearcherManager(index.directory, null);
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open vector index at " + directory, e);
        }
    }

    /** Picks up commits made since (by a sync in this or another process). */
    public void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Settings settings() {
        return settings;
    }

    public Path directory() {
        return directoryPath;
    }

    /**
     * A writer for a build or a sync. {@code mergeThreads > 1} merges HNSW graphs concurrently.
     * Only one writer may be open per index (Lucene's write lock enforces it across processes).
     */
    public Writer writer(int mergeThreads) throws IOException {
        return new Writer(mergeThreads);
    }

    /** Adds, replaces and deletes documents; nothing is visible to searches before {@link #commit}. */
    public final class Writer implements Closeable {
        private final IndexWriter writer;
        private final ExecutorService mergeExecutor;
        private final org.apache.lucene.document.FieldType vectorType;

        private Writer(int mergeThreads) throws IOException {
            this.mergeExecutor = mergeThreads > 1 ? Executors.newFixedThreadPool(mergeThreads) : null;
            KnnVectorsFormat vectors = mergeExecutor == null
                    ? new Lucene99HnswVectorsFormat(settings.m(), settings.efConstruction())
                    : new Lucene99HnswVectorsFormat(settings.m(), settings.efConstruction(), mergeThreads, mergeExecutor);
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setCodec(new Lucene912Codec() {
                        @Override
                        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                            return vectors;
                        }
                    })
                    .setRAMBufferSizeMB(256)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            this.writer = new IndexWriter(directory, config);
            this.vectorType = KnnFloatVectorField.createFieldType(settings.dimension(), settings.metric().lucene());
        }

        /** Adds a document whose id is known not to be in the index (a fresh build). */
        public void add(IndexedDoc doc) throws IOException {
            writer.addDocument(toDocument(doc));
        }

        /**
         * Adds documents known not to be in the index from {@code threads} threads. Each thread
         * fills its own segment, so the HNSW graphs are built in parallel; searches visit every
         * segment's graph (with {@code ef} candidates each), which costs little recall or speed.
         */
        public void addAll(Iterator<IndexedDoc> docs, int threads) throws IOException {
            if (threads <= 1) {
                while (docs.hasNext()) {
                    add(docs.next());
                }
                return;
            }
            BlockingQueue<IndexedDoc> queue = new ArrayBlockingQueue<>(1024);
            ExecutorService indexers = Executors.newFixedThreadPool(threads);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(indexers.submit(() -> {
                    for (IndexedDoc doc = queue.take(); doc != END_OF_INPUT; doc = queue.take()) {
                        add(doc);
                    }
                    return null;
                }));
            }
            try {
                while (docs.hasNext()) {
                    IndexedDoc doc = docs.next();
                    while (!queue.offer(doc, 100, TimeUnit.MILLISECONDS)) {
                        failFast(running);
                    }
                }
                for (int t = 0; t < threads; t++) {
                    while (!queue.offer(END_OF_INPUT, 100, TimeUnit.MILLISECONDS)) {
                        failFast(running);
                    }
                }
                for (Future<?> indexer : running) {
                    indexer.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while indexing", e);
            } catch (ExecutionException e) {
                throw rethrow(e.getCause());
            } finally {
                indexers.shutdownNow();
            }
        }

        /** Adds the document, replacing any with the same id. */
        public void upsert(IndexedDoc doc) throws IOException {
            writer.updateDocument(new Term(ID, doc.id()), toDocument(doc));
        }

        public void delete(String id) throws IOException {
            writer.deleteDocuments(new Term(ID, id));
        }

        public void deleteAll() throws IOException {
            writer.deleteAll();
        }

        /** Merges everything into one segment: one HNSW graph searches faster than several. */
        public void forceMerge() throws IOException {
            writer.forceMerge(1);
        }

        /** Makes the changes visible, recording the table version they bring the index to. */
        public void commit(long tableVersion) throws IOException {
            writer.setLiveCommitData(Map.of(TABLE_VERSION, Long.toString(tableVersion)).entrySet());
            writer.commit();
            if (searchers != null) {
                searchers.maybeRefreshBlocking();
            }
        }

        private Document toDocument(IndexedDoc doc) {
            if (doc.vector().length != settings.dimension()) {
                throw new IllegalArgumentException("row " + doc.id() + " has a " + doc.vector().length
                        + "-dimensional vector; this index holds " + settings.dimension() + "-dimensional vectors");
            }
            Document document = new Document();
            document.add(new StringField(ID, doc.id(), Field.Store.YES));
            document.add(new SortedDocValuesField(ID, new BytesRef(doc.id())));
            document.add(new KnnFloatVectorField(VECTOR, settings.metric().prepare(doc.vector()), vectorType));
            if (doc.text() != null) {
                document.add(new TextField(TEXT, doc.text(), Field.Store.NO));
            }
            document.add(new NumericDocValuesField(HASH, doc.hash()));
            if (doc.storedRow() != null) {
                document.add(new StoredField(ROW, doc.storedRow()));
            }
            return document;
        }

        @Override
        public void close() throws IOException {
            try {
                writer.close();
            } finally {
                if (mergeExecutor != null) {
                    mergeExecutor.shutdownNow();
                }
            }
        }
    }

    private static final IndexedDoc END_OF_INPUT = new IndexedDoc("", new float[0], null, 0, null);

    private static void failFast(List<Future<?>> running) throws InterruptedException, ExecutionException {
        for (Future<?> indexer : running) {
            if (indexer.isDone()) {
                indexer.get();
            }
        }
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return cause instanceof IOException io ? io : new IOException(cause);
    }

    /** The table version of the last commit, or -1 for an index that was never filled. */
    public long tableVersion() {
        return withSearcher(searcher -> {
            DirectoryReader reader = (DirectoryReader) searcher.getIndexReader();
            String version = reader.getIndexCommit().getUserData().get(TABLE_VERSION);
            return version == null ? -1L : Long.parseLong(version);
        });
    }

    /** Live documents. */
    public int size() {
        return withSearcher(searcher -> searcher.getIndexReader().numDocs());
    }

    public int segmentCount() {
        return withSearcher(searcher -> searcher.getIndexReader().leaves().size());
    }

    /**
     * Approximate nearest neighbours: the HNSW graph is explored with {@code max(k, ef)} candidates
     * (Lucene's k doubles as the search beam) and the best {@code k} are returned. With a filter
     * the beam widens by the inverse of the share of rows it admits (at most tenfold): the graph's
     * neighbours of a query are then often filtered out, and a wider beam keeps recall up. Lucene
     * itself switches to exact search over the allowed rows when that is cheaper.
     */
    public List<Hit> ann(float[] query, int k, int ef, Optional<IdFilter> filter) {
        float[] target = settings.metric().prepare(checkDimension(query));
        return withSearcher(searcher -> {
            int candidates = Math.max(k, ef);
            if (filter.isPresent()) {
                double admitted = filter.get().size() / (double) Math.max(1, searcher.getIndexReader().numDocs());
                candidates = (int) Math.ceil(candidates / Math.max(0.1, Math.min(1.0, admitted)));
            }
            Query knn = new KnnFloatVectorQuery(VECTOR, target, candidates, filter.map(IdFilter::query).orElse(null));
            return hits(searcher, searcher.search(knn, candidates), k, true);
        });
    }

    /** Exact nearest neighbours by comparing the query with every (allowed) vector. */
    public List<Hit> exact(float[] query, int k, Optional<IdFilter> filter) {
        float[] target = settings.metric().prepare(checkDimension(query));
        return withSearcher(searcher -> {
            PriorityQueue<ScoreDoc> best = new PriorityQueue<>(k + 1, (a, b) -> Float.compare(a.score, b.score));
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
                if (values == null) {
                    continue;
                }
                FixedBitSet allowed = allowedDocs(searcher, leaf, filter);
                for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
                    if (!allowed.get(doc)) {
                        continue;
                    }
                    float score = settings.metric().luceneScore(target, values.vectorValue());
                    if (best.size() < k) {
                        best.add(new ScoreDoc(leaf.docBase + doc, score));
                    } else if (score > best.peek().score) {
                        best.poll();
                        best.add(new ScoreDoc(leaf.docBase + doc, score));
                    }
                }
            }
            ScoreDoc[] ordered = best.toArray(ScoreDoc[]::new);
            java.util.Arrays.sort(ordered, (a, b) -> Float.compare(b.score, a.score));
            return hits(searcher, new TopDocs(null, ordered), k, true);
        });
    }

    /** BM25 over the indexed text: any of the query's (stemmed, stop-word-free) terms may match. */
    public List<Hit> fulltext(String text, int k, Optional<IdFilter> filter) {
        BooleanQuery.Builder terms = new BooleanQuery.Builder();
        for (String term : analyze(text)) {
            terms.add(new TermQuery(new Term(TEXT, term)), BooleanClause.Occur.SHOULD);
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder().add(terms.build(), BooleanClause.Occur.MUST);
        filter.ifPresent(f -> query.add(f.query(), BooleanClause.Occur.FILTER));
        Query built = query.build();
        return withSearcher(searcher -> hits(searcher, searcher.search(built, k), k, false));
    }

    /** A filter that admits only the given ids. */
    public static IdFilter idFilter(Collection<String> ids) {
        List<BytesRef> terms = new ArrayList<>(ids.size());
        for (String id : ids) {
            terms.add(new BytesRef(id));
        }
        return new IdFilter(new ConstantScoreQuery(new TermInSetQuery(ID, terms)), ids.size());
    }

    /** Every live id with its row hash: what a sync compares the table against. */
    public Map<String, Long> idHashes() {
        return withSearcher(searcher -> {
            Map<String, Long> hashes = new HashMap<>(searcher.getIndexReader().numDocs() * 2);
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                LeafReader reader = leaf.reader();
                SortedDocValues ids = reader.getSortedDocValues(ID);
                NumericDocValues rowHashes = reader.getNumericDocValues(HASH);
                if (ids == null || rowHashes == null) {
                    continue;
                }
                var live = reader.getLiveDocs();
                for (int doc = ids.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = ids.nextDoc()) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    rowHashes.advanceExact(doc);
                    hashes.put(ids.lookupOrd(ids.ordValue()).utf8ToString(), rowHashes.longValue());
                }
            }
            return hashes;
        });
    }

    /** {@code count} live vectors chosen uniformly at random (reservoir sampling), with their ids. */
    public List<Map.Entry<String, float[]>> sampleVectors(int count, long seed) {
        return withSearcher(searcher -> {
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
            List<int[]> chosen = new ArrayList<>(count);
            List<float[]> vectors = new ArrayList<>(count);
            long seen = 0;
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
                if (values == null) {
                    continue;
                }
                var live = leaf.reader().getLiveDocs();
                for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    seen++;
                    if (chosen.size() < count) {
                        chosen.add(new int[] {leaf.ord, doc});
                        vectors.add(values.vectorValue().clone());
                    } else {
                        long slot = random.nextLong(seen);
                        if (slot < count) {
                            chosen.set((int) slot, new int[] {leaf.ord, doc});
                            vectors.set((int) slot, values.vectorValue().clone());
                        }
                    }
                }
            }
            List<Map.Entry<String, float[]>> sample = new ArrayList<>(chosen.size());
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            for (int i = 0; i < chosen.size(); i++) {
                LeafReader reader = leaves.get(chosen.get(i)[0]).reader();
                String id = reader.storedFields().document(chosen.get(i)[1], Set.of(ID)).get(ID);
                sample.add(Map.entry(id, vectors.get(i)));
            }
            return sample;
        });
    }

    List<String> analyze(String text) {
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(TEXT, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    private float[] checkDimension(float[] query) {
        if (query.length != settings.dimension()) {
            throw new IllegalArgumentException("the query vector has " + query.length
                    + " dimensions; this index holds " + settings.dimension() + "-dimensional vectors");
        }
        return query;
    }

    private static FixedBitSet allowedDocs(IndexSearcher searcher, LeafReaderContext leaf, Optional<IdFilter> filter)
            throws IOException {
        int maxDoc = leaf.reader().maxDoc();
        FixedBitSet allowed = new FixedBitSet(maxDoc);
        var live = leaf.reader().getLiveDocs();
        if (filter.isEmpty()) {
            allowed.set(0, maxDoc);
        } else {
            Weight weight = searcher.createWeight(searcher.rewrite(filter.get().query()), ScoreMode.COMPLETE_NO_SCORES, 1);
            Scorer scorer = weight.scorer(leaf);
            if (scorer != null) {
                DocIdSetIterator it = scorer.iterator();
                for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                    allowed.set(doc);
                }
            }
        }
        if (live != null) {
            for (int doc = 0; doc < maxDoc; doc++) {
                if (!live.get(doc)) {
                    allowed.clear(doc);
                }
            }
        }
        return allowed;
    }

    private List<Hit> hits(IndexSearcher searcher, TopDocs top, int k, boolean vectorScores) throws IOException {
        StoredFields stored = searcher.storedFields();
        List<Hit> hits = new ArrayList<>(Math.min(k, top.scoreDocs.length));
        for (int i = 0; i < top.scoreDocs.length && i < k; i++) {
            ScoreDoc scoreDoc = top.scoreDocs[i];
            Document document = stored.document(scoreDoc.doc, Set.of(ID, ROW));
            BytesRef row = document.getBinaryValue(ROW);
            double score = vectorScores ? settings.metric().naturalScore(scoreDoc.score) : scoreDoc.score;
            hits.add(new Hit(document.get(ID), score, row == null ? null : BytesRef.deepCopyOf(row).bytes));
        }
        return hits;
    }

    private interface SearcherFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherFunction<T> function) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return function.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (searchers != null) {
                searchers.close();
            }
        } finally {
            directory.close();
        }
    }
}
