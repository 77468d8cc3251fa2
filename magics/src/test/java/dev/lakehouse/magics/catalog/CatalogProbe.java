package dev.lakehouse.magics.catalog;

import dev.lakehouse.magics.spark.SparkSessionProvider;
import dev.lakehouse.magics.spark.SparkSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A stand-in for a kernel in its own JVM: builds the kernel's SparkSession over the warehouse given
 * as argument, then runs one SQL statement per stdin line, answering "ROW|a|b" lines, then "OK" or
 * "ERR|message", then "END".
 */
public final class CatalogProbe {
    private CatalogProbe() {}

    public static void main(String[] args) throws Exception {
        SparkSettings settings = SparkSettings.fromEnvironment(Map.of(
                "LAKEHOUSE_SPARK_MASTER", "local[1]", "LAKEHOUSE_WAREHOUSE", args[0]));
        settings.set("spark.sql.shuffle.partitions", "1");
        SparkSession spark = new SparkSessionProvider(settings, CatalogProbe.class.getClassLoader(), s -> { }).get();
        System.out.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            try {
                for (Row row : spark.sql(line).collectAsList()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 0; i < row.length(); i++) {
                        values.add(String.valueOf(row.get(i)));
                    }
                    System.out.println("ROW|" + String.join("|", values));
                }
                System.out.println("OK");
            } catch (Exception e) {
                String message = String.valueOf(e.getMessage());
                System.out.println("ERR|" + message.lines().findFirst().orElse(""));
            }
            System.out.println("END");
            System.out.flush();
        }
        spark.stop();
    }
}
