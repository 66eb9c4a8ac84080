package org.janseva.localpostgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the local run's PostgreSQL and makes the platform's databases.
 *
 * <pre>
 * java -jar local-postgres.jar serve  --data-dir var/pgdata --port 15432 --databases catalog,users,payments
 * java -jar local-postgres.jar create --jdbc-url jdbc:postgresql://host:5432/postgres --user u --password p --databases ...
 * </pre>
 *
 * {@code serve} keeps the data between runs and stops the server cleanly on SIGTERM;
 * {@code create} only makes the missing databases on an existing server.
 */
public final class LocalPostgres {

    private LocalPostgres() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return;
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        List<String> databases = List.of(
                options.getOrDefault("databases", "catalog,users,payments").split(","));
        switch (args[0]) {
            case "serve" -> serve(options, databases);
            case "create" ->
                create(
                        options.getOrDefault("jdbc-url", "jdbc:postgresql://localhost:5432/postgres"),
                        options.getOrDefault("user", "postgres"),
                        options.getOrDefault("password", ""),
                        databases);
            default -> usage();
        }
    }

    private static void serve(Map<String, String> options, List<String> databases) throws Exception {
        Path dataDir = Path.of(options.getOrDefault("data-dir", "var/pgdata")).toAbsolutePath();
        int port = Integer.parseInt(options.getOrDefault("port", "15432"));
        Files.createDirectories(dataDir);
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "200")
                    // durable commits (ARCHITECTURE.md, Decisions: payments); the embedded library
                    // defaults to synchronous_commit=off and fsync=off, which suit throwaway tests only
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
        } catch (IOException | RuntimeException ex) {
            System.err.println("Could not start the embedded PostgreSQL in " + dataDir + ": " + ex.getMessage());
            System.err.println("To use another PostgreSQL instead, set DB_HOST, DB_PORT, DB_USER and DB_PASSWORD"
                    + " (see README.md) and run the platform again.");
            System.exit(2);
            return;
        }
        create("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "", databases);
        System.out.println("PostgreSQL ready on 127.0.0.1:" + port + " with databases " + databases);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                postgres.close();
                            } catch (IOException ex) {
                                System.err.println("PostgreSQL did not stop cleanly: " + ex.getMessage());
                            }
                            stopped.countDown();
                        },
                        "postgres-stop"));
        stopped.await();
    }

    private static void create(String jdbcUrl, String user, String password, List<String> databases)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            for (String database : databases) {
                if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
                    throw new IllegalArgumentException("Not a plain database name: " + database);
                }
                boolean exists;
                try (PreparedStatement query =
                        connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                    query.setString(1, database);
                    try (ResultSet rs = query.executeQuery()) {
                        exists = rs.next();
                    }
                }
                if (!exists) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("create database " + database);
                    }
                    System.out.println("Created database " + database);
                }
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String key = args[i].substring(2);
                String value = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true";
                options.put(key, value);
            }
        }
        return options;
    }

    private static void usage() {
        System.err.println("usage: serve [--data-dir DIR] [--port N] [--databases a,b,c]");
        System.err.println("       create --jdbc-url URL [--user U] [--password P] [--databases a,b,c]");
    }
}
