package dev.lakehouse.magics.render;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.RenderOptions;
import dev.lakehouse.magics.api.Renderer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Shows a Spark {@code Dataset} as a typed HTML table plus an aligned text table. It fetches
 * {@code limit(n + 1)} rows: the extra row tells "more than n rows" without a count job.
 */
public final class DatasetRenderer implements Renderer {
    @Override
    public boolean supports(Object value) {
        return value instanceof Dataset<?>;
    }

    @Override
    public DisplayData render(Object value, RenderOptions options) {
        Dataset<?> dataset = (Dataset<?>) value;
        if (dataset.isStreaming()) {
            return DisplayData.text("Streaming Dataset " + dataset.schema().simpleString()
                    + " (start it with writeStream() to see rows)");
        }
        return TableFormat.HTML.display(preview(dataset, options.maxRows()));
    }

    @Override
    public int priority() {
        return 100;
    }

    /** The first {@code maxRows} rows and whether more exist; runs one limited collect, no count. */
    public static TablePreview preview(Dataset<?> dataset, int maxRows) {
        int n = Math.max(0, maxRows);
        Dataset<Row> frame = dataset.toDF();
        List<Row> fetched = frame.limit(n + 1).collectAsList();
        boolean truncated = fetched.size() > n;
        List<List<Object>> rows = new ArrayList<>();
        for (Row row : fetched.subList(0, Math.min(n, fetched.size()))) {
            List<Object> values = new ArrayList<>(row.length());
            for (int i = 0; i < row.length(); i++) {
                values.add(row.get(i));
            }
            rows.add(values);
        }
        return new TablePreview(headers(frame.schema()), rows, truncated, OptionalLong.empty());
    }

    public static List<ColumnHeader> headers(StructType schema) {
        List<ColumnHeader> headers = new ArrayList<>();
        for (StructField f : schema.fields()) {
            headers.add(new ColumnHeader(f.name(), f.dataType().simpleString(), f.dataType() instanceof NumericType));
        }
        return headers;
    }
}
