package dev.tasker.cli;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Another process holding a database open, as a running application does: opens the JDBC URL given,
 * prints {@code ready}, and keeps the connection until its standard input closes.
 */
final class HoldDatabase {
    private HoldDatabase() {}

    public static void main(String[] args) throws SQLException, IOException {
        try (Connection ignored = DriverManager.getConnection(args[0])) {
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our input
            }
        }
    }
}
