package dev.lakehouse.magics.sql;

import dev.lakehouse.magics.render.CellText;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Spark to Tablesaw and back: collects a (limited) result into a {@link Table} for fast local work,
 * and turns a Table into a Dataset again. Column types map one to one.
 */
public final class LocalTables {
    /** The table and whether the result had more rows than were collected. */
    public record Collected(Table table, boolean truncated) {}

    private LocalTables() {}

    public static Collected collect(Dataset<?> dataset, String name, int maxRows) {
        Dataset<Row> frame = dataset.toDF();
        List<Row> rows = frame.limit(maxRows + 1).collectAsList();
        boolean truncated = rows.size() > maxRows;
        List<Row> kept = rows.subList(0, Math.min(maxRows, rows.size()));
        StructField[] fields = frame.schema().fields();
        List<Column<?>> columns = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            columns.add(column(fields[i], kept, i));
        }
        return new Collected(Table.create(name, columns), truncated);
    }

    private static Column<?> column(StructField field, List<Row> rows, int index) {
        DataType type = field.dataType();
        String name = field.name();
        if (type instanceof IntegerType) {
            IntColumn c = IntColumn.create(name);
            rows.forEach(r -> { if (r.isNullAt(index)) c.appendMissing(); else c.append(r.getInt(index)); });
            return c;
        }
        if (type instanceof ShortType || type instanceof ByteType) {
            ShortColumn c = ShortColumn.create(name);
            rows.forEach(r -> { if (r.isNullAt(index)) c.appendMissing(); else c.append(((Number) r.get(index)).shortValue()); });
            return c;
        }
        if (type instanceof LongType) {
            LongColumn c = LongColumn.create(name);
            rows.forEach(r -> { if (r.isNullAt(index)) c.appendMissing(); else c.append(r.getLong(index)); });
            return c;
        }
        if (type instanceof FloatType) {
            FloatColumn c = FloatColumn.create(name);
            rows.forEach(r -> { if (r.isNullAt(index)) c.appendMissing(); else c.append(r.getFloat(index)); });
            return c;
        }
        if (type instanceof DoubleType || type instanceof DecimalType) {
            DoubleColumn c = DoubleColumn.create(name);
            rows.forEach(r -> { if (r.isNullAt(index)) c.appendMissing(); else c.append(((Number) r.get(index)).doubleValue()); });
            return c;
        }
        if (type instanceof BooleanType) {
            BooleanColumn c = BooleanColumn.create(name);
            rows.forEach(r -> { if (r.isNullAt(index)) c.appendMissing(); else c.append(r.getBoolean(index)); });
            return c;
        }
        if (type instanceof DateType) {
            DateColumn c = DateColumn.create(name);
            rows.forEach(r -> { if (r.isNullAt(index)) c.appendMissing(); else c.append(localDate(r.get(index))); });
            return c;
        }
        if (type instanceof TimestampType) {
            InstantColumn c = InstantColumn.create(name);
            rows.forEach(r -> { if (r.isNullAt(index)) c.appendMissing(); else c.append(instant(r.get(index))); });
            return c;
        }
        if (type instanceof TimestampNTZType) {
            DateTimeColumn c = DateTimeColumn.create(name);
            rows.forEach(r -> { if (r.isNullAt(index)) c.appendMissing(); else c.append((LocalDateTime) r.get(index)); });
            return c;
        }
        StringColumn c = StringColumn.create(name);
        boolean plainString = type instanceof StringType;
        rows.forEach(r -> {
            if (r.isNullAt(index)) {
                c.appendMissing();
            } else {
                c.append(plainString ? r.getString(index) : CellText.of(r.get(index)));
            }
        });
        return c;
    }

    /** The way back: a Tablesaw table as a Spark Dataset, e.g. to save local results as a Delta table. */
    public static Dataset<Row> toDataset(SparkSession spark, Table table) {
        List<StructField> fields = new ArrayList<>();
        for (Column<?> column : table.columns()) {
            fields.add(DataTypes.createStructField(column.name(), sparkType(column.type()), true));
        }
        List<Row> rows = new ArrayList<>(table.rowCount());
        for (int r = 0; r < table.rowCount(); r++) {
            Object[] values = new Object[table.columnCount()];
            for (int c = 0; c < values.length; c++) {
                Column<?> column = table.column(c);
                values[c] = column.isMissing(r) ? null : sparkValue(column.get(r));
            }
            rows.add(RowFactory.create(values));
        }
        return spark.createDataFrame(rows, DataTypes.createStructType(fields));
    }

    private static DataType sparkType(ColumnType type) {
        if (type == ColumnType.INTEGER) {
            return DataTypes.IntegerType;
        } else if (type == ColumnType.SHORT) {
            return DataTypes.ShortType;
        } else if (type == ColumnType.LONG) {
            return DataTypes.LongType;
        } else if (type == ColumnType.FLOAT) {
            return DataTypes.FloatType;
        } else if (type == ColumnType.DOUBLE) {
            return DataTypes.DoubleType;
        } else if (type == ColumnType.BOOLEAN) {
            return DataTypes.BooleanType;
        } else if (type == ColumnType.LOCAL_DATE) {
            return DataTypes.DateType;
        } else if (type == ColumnType.LOCAL_DATE_TIME) {
            return DataTypes.TimestampNTZType;
        } else if (type == ColumnType.INSTANT) {
            return DataTypes.TimestampType;
        }
        return DataTypes.StringType;
    }

    private static Object sparkValue(Object value) {
        if (value instanceof LocalDate d) {
            return java.sql.Date.valueOf(d);
        }
        if (value instanceof Instant i) {
            return java.sql.Timestamp.from(i);
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof String || value instanceof LocalDateTime) {
            return value;
        }
        return String.valueOf(value);
    }

    private static LocalDate localDate(Object value) {
        return value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
    }

    private static Instant instant(Object value) {
        return value instanceof java.sql.Timestamp ts ? ts.toInstant() : (Instant) value;
    }
}
