package dev.lakehouse.magics.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads the warehouse the way Spark lays out managed tables: schema {@code s} in
 * {@code <warehouse>/s.db}, table {@code t} of schema {@code s} in {@code <warehouse>/s.db/t}, and
 * tables of {@code default} directly in {@code <warehouse>/t}. A directory is a Delta table when
 * it holds {@code _delta_log}. Works on any Hadoop file system (local, S3A, ABFS...).
 */
final class WarehouseDirectory {
    static final String DELTA_LOG = "_delta_log";
    static final String SCHEMA_SUFFIX = ".db";
    /** Spark accepts only these characters in schema and table names it manages. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    private final Configuration hadoopConf;

    WarehouseDirectory(Configuration hadoopConf) {
        this.hadoopConf = hadoopConf;
    }

    static boolean validName(String name) {
        return NAME.matcher(name).matches();
    }

    boolean isDeltaTable(URI tableLocation) {
        return exists(new Path(new Path(tableLocation), DELTA_LOG));
    }

    boolean exists(URI location) {
        return exists(new Path(location));
    }

    /** Names of the Delta tables directly under a schema's directory. */
    List<String> deltaTables(URI schemaLocation) {
        List<String> names = new ArrayList<>();
        for (FileStatus child : directories(new Path(schemaLocation))) {
            String name = child.getPath().getName();
            if (!name.endsWith(SCHEMA_SUFFIX) && validName(name) && exists(new Path(child.getPath(), DELTA_LOG))) {
                names.add(name);
            }
        }
        return names;
    }

    /** Names of the schemas whose {@code <name>.db} directories are in the warehouse. */
    List<String> schemas(URI warehouse) {
        List<String> names = new ArrayList<>();
        for (FileStatus child : directories(new Path(warehouse))) {
            String dir = child.getPath().getName();
            if (dir.endsWith(SCHEMA_SUFFIX)) {
                String name = dir.substring(0, dir.length() - SCHEMA_SUFFIX.length());
                if (validName(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private List<FileStatus> directories(Path dir) {
        try {
            FileSystem fs = dir.getFileSystem(hadoopConf);
            if (!fs.exists(dir)) {
                return List.of();
            }
            List<FileStatus> dirs = new ArrayList<>();
            for (FileStatus s : fs.listStatus(dir)) {
                if (s.isDirectory()) {
                    dirs.add(s);
                }
            }
            return dirs;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    private boolean exists(Path path) {
        try {
            return path.getFileSystem(hadoopConf).exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check " + path, e);
        }
    }
}
