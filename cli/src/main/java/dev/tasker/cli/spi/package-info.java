/**
 * What the command line shares with code outside its module: the {@link dev.tasker.cli.spi.CliExtension} service
 * that adds sub-commands (the examples' demo) and handlers, the {@link dev.tasker.cli.spi.Terminal} commands print
 * to, the step progress and diagrams the commands show, and the one {@link dev.tasker.cli.spi.JsonCodec}.
 */
package dev.tasker.cli.spi;
