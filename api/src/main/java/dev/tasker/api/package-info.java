/** The handler contract. */
package dev.tasker.api;
