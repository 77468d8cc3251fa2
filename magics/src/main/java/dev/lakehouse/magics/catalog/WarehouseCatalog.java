package dev.lakehouse.magics.catalog;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.catalog.CatalogDatabase;
import org.apache.spark.sql.catalyst.catalog.CatalogStorageFormat;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTable$;
import org.apache.spark.sql.catalyst.catalog.CatalogTableType;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.delta.catalog.DeltaCatalog;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * Delta's session catalog, plus: the warehouse directory is the catalog's memory. Without a
 * metastore Spark keeps table names in memory only, so a table created by name in one kernel is
 * unknown to another kernel and gone after a restart, while its files stay. This catalog looks a
 * name up on disk when memory misses it: a Delta table directory where Spark puts managed tables
 * ({@code <warehouse>/<table>} for {@code default}, {@code <warehouse>/<schema>.db/<table>}) is
 * registered as a managed table and used. Entries whose directory another kernel dropped are
 * forgotten. No server, no lock, no extra file: several kernels and jobs share the warehouse.
 *
 * <p>Enable with {@code spark.sql.catalog.spark_catalog=dev.lakehouse.magics.catalog.WarehouseCatalog}.
 * Limits: only Delta tables at the managed location are found (not external tables created with
 * LOCATION elsewhere, not permanent views, not schemas created with LOCATION); for those, use a
 * Hive metastore (see docs/SQL.md).
 */
public class WarehouseCatalog extends DeltaCatalog {
    private static final String DEFAULT_SCHEMA = "default";

    @Override
    public Table loadTable(Identifier ident) {
        return loadFresh(ident, () -> super.loadTable(ident));
    }

    @Override
    public Table loadTable(Identifier ident, long timestamp) {
        return loadFresh(ident, () -> super.loadTable(ident, timestamp));
    }

    @Override
    public Table loadTable(Identifier ident, String version) {
        return loadFresh(ident, () -> super.loadTable(ident, version));
    }

    @Override
    public boolean tableExists(Identifier ident) {
        return super.tableExists(ident) && !forgetIfGone(ident) || discoverTable(ident);
    }

    @Override
    public Identifier[] listTables(String[] namespace) throws NoSuchNamespaceException {
        if (namespace.length == 1) {
            discoverSchema(namespace[0]);
            syncSchema(namespace[0]);
        }
        return super.listTables(namespace);
    }

    @Override
    public String[][] listNamespaces() throws NoSuchNamespaceException {
        discoverAllSchemas();
        return super.listNamespaces();
    }

    @Override
    public boolean namespaceExists(String[] namespace) {
        return super.namespaceExists(namespace) || namespace.length == 1 && discoverSchema(namespace[0]);
    }

    @Override
    public Map<String, String> loadNamespaceMetadata(String[] namespace) throws NoSuchNamespaceException {
        if (namespace.length == 1) {
            discoverSchema(namespace[0]);
        }
        return super.loadNamespaceMetadata(namespace);
    }

    @Override
    public boolean dropNamespace(String[] namespace, boolean cascade)
            throws NoSuchNamespaceException, org.apache.spark.sql.catalyst.analysis.NonEmptyNamespaceException {
        // Spark deletes the schema directory recursively: it must first know every table in it,
        // or a non-cascading drop would delete tables other kernels created there.
        if (namespace.length == 1) {
            discoverSchema(namespace[0]);
            syncSchema(namespace[0]);
        }
        return super.dropNamespace(namespace, cascade);
    }

    @Override
    public Table createTable(Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties) {
        discoverTable(ident);
        return super.createTable(ident, schema, partitions, properties);
    }

    @Override
    public Table createTable(Identifier ident, Column[] columns, Transform[] partitions, Map<String, String> properties) {
        discoverTable(ident);
        return super.createTable(ident, columns, partitions, properties);
    }

    @Override
    public StagedTable stageCreate(Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties) {
        discoverTable(ident);
        return super.stageCreate(ident, schema, partitions, properties);
    }

    @Override
    public StagedTable stageReplace(Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties) {
        discoverTable(ident);
        return super.stageReplace(ident, schema, partitions, properties);
    }

    @Override
    public StagedTable stageCreateOrReplace(Identifier ident, StructType schema, Transform[] partitions,
                                            Map<String, String> properties) {
        discoverTable(ident);
        return super.stageCreateOrReplace(ident, schema, partitions, properties);
    }

    private interface Loader {
        Table load() throws Exception;
    }

    private Table loadFresh(Identifier ident, Loader loader) {
        try {
            Table table = loader.load();
            if (forgetIfGone(ident)) {
                throw new NoSuchTableException(ident);
            }
            return table;
        } catch (Exception e) {
            if ((e instanceof NoSuchTableException || e instanceof NoSuchNamespaceException) && discoverTable(ident)) {
                return retry(loader);
            }
            throw WarehouseCatalog.<RuntimeException>sneaky(e);
        }
    }

    private static Table retry(Loader loader) {
        try {
            return loader.load();
        } catch (Exception e) {
            throw WarehouseCatalog.<RuntimeException>sneaky(e);
        }
    }

    /** Registers the table if its Delta directory exists at the managed location; true if it does. */
    private synchronized boolean discoverTable(Identifier ident) {
        String schema = schemaOf(ident);
        if (schema == null || !WarehouseDirectory.validName(ident.name())) {
            return false;
        }
        String name = ident.name().toLowerCase(Locale.ROOT);
        SessionCatalog catalog = catalog();
        if (!catalog.databaseExists(schema) && !discoverSchema(schema)) {
            return false;
        }
        TableIdentifier id = new TableIdentifier(name, Option.apply(schema), Option.apply("spark_catalog"));
        if (catalog.tableExists(id)) {
            return false;
        }
        URI location = tableLocation(schema, name);
        if (!directory().isDeltaTable(location)) {
            return false;
        }
        catalog.createTable(managedDeltaTable(id, location), true, false);
        return true;
    }

    /** Registers every Delta table of the schema found on disk. */
    private synchronized void syncSchema(String schemaName) {
        String schema = schemaName.toLowerCase(Locale.ROOT);
        SessionCatalog catalog = catalog();
        if (!catalog.databaseExists(schema)) {
            return;
        }
        for (String table : directory().deltaTables(schemaLocation(schema))) {
            discoverTable(Identifier.of(new String[] {schema}, table));
        }
        for (String table : scala.jdk.javaapi.CollectionConverters.asJava(catalog.externalCatalog().listTables(schema))) {
            forgetIfGone(Identifier.of(new String[] {schema}, table));
        }
    }

    /**
     * Registers the schema if its {@code <name>.db} directory exists in the warehouse (the default
     * schema's location); true if it is now known.
     */
    private synchronized boolean discoverSchema(String schemaName) {
        String schema = schemaName.toLowerCase(Locale.ROOT);
        SessionCatalog catalog = catalog();
        if (catalog.databaseExists(schema)) {
            return true;
        }
        if (!WarehouseDirectory.validName(schema)) {
            return false;
        }
        URI location = child(schemaLocation(DEFAULT_SCHEMA), schema + WarehouseDirectory.SCHEMA_SUFFIX);
        if (!directory().exists(location)) {
            return false;
        }
        catalog.createDatabase(new CatalogDatabase(schema, "", location, scala.collection.immutable.Map$.MODULE$.empty()), true);
        return true;
    }

    private synchronized void discoverAllSchemas() {
        for (String schema : directory().schemas(schemaLocation(DEFAULT_SCHEMA))) {
            discoverSchema(schema);
        }
    }

    /**
     * Forgets a managed table whose directory is gone (another kernel dropped it); true if so.
     * A registered table whose directory exists stays: its schema is read from the Delta log.
     */
    private synchronized boolean forgetIfGone(Identifier ident) {
        String schema = schemaOf(ident);
        if (schema == null) {
            return false;
        }
        SessionCatalog catalog = catalog();
        TableIdentifier id = new TableIdentifier(ident.name().toLowerCase(Locale.ROOT), Option.apply(schema));
        if (!catalog.databaseExists(schema) || !catalog.tableExists(id)) {
            return false;
        }
        CatalogTable table = catalog.getTempViewOrPermanentTableMetadata(id);
        if (table.tableType() != CatalogTableType.MANAGED() || !"delta".equalsIgnoreCase(table.provider().getOrElse(() -> ""))
                || directory().exists(table.location())) {
            return false;
        }
        catalog.externalCatalog().dropTable(schema, id.table(), true, false);
        catalog.invalidateCachedTable(id);
        return true;
    }

    /** The schema an identifier lives in, or null when it is not a plain schema.table name. */
    private String schemaOf(Identifier ident) {
        String[] ns = ident.namespace();
        if (ns.length > 1 || isPathIdentifier(ident)) {
            return null;
        }
        return (ns.length == 0 ? catalog().getCurrentDatabase() : ns[0]).toLowerCase(Locale.ROOT);
    }

    private URI schemaLocation(String schema) {
        return catalog().getDatabaseMetadata(schema).locationUri();
    }

    private URI tableLocation(String schema, String table) {
        return child(schemaLocation(schema), table);
    }

    private static URI child(URI parent, String name) {
        String base = parent.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + name);
    }

    private WarehouseDirectory directory() {
        return new WarehouseDirectory(spark().sessionState().newHadoopConf());
    }

    /** What Delta itself records for a managed table: no schema (the Delta log holds it). */
    private static CatalogTable managedDeltaTable(TableIdentifier id, URI location) {
        CatalogTable$ d = CatalogTable$.MODULE$;
        CatalogStorageFormat storage = new CatalogStorageFormat(Option.apply(location), Option.empty(), Option.empty(),
                Option.empty(), false, scala.collection.immutable.Map$.MODULE$.empty());
        return new CatalogTable(id, CatalogTableType.MANAGED(), storage, new StructType(), Option.apply("delta"),
                d.$lessinit$greater$default$6(), d.$lessinit$greater$default$7(), d.$lessinit$greater$default$8(),
                d.$lessinit$greater$default$9(), d.$lessinit$greater$default$10(), d.$lessinit$greater$default$11(),
                d.$lessinit$greater$default$12(), d.$lessinit$greater$default$13(), d.$lessinit$greater$default$14(),
                d.$lessinit$greater$default$15(), d.$lessinit$greater$default$16(), d.$lessinit$greater$default$17(),
                d.$lessinit$greater$default$18(), d.$lessinit$greater$default$19(), d.$lessinit$greater$default$20(),
                d.$lessinit$greater$default$21());
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
