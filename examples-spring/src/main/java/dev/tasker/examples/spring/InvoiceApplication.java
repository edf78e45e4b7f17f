package dev.tasker.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An invoice-approval service: {@code POST /invoices} submits a {@code billing/approve_invoice} task, {@code GET
 * /tasks/{id}} shows it, {@code /actuator/health/tasker} shows the engine. The engine, its H2 file and its
 * handlers come from tasker-spring-boot-starter; see application.properties.
 */
@SpringBootApplication
public class InvoiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(InvoiceApplication.class, args);
    }
}
