/** An application on the module path, as a user would write it. */
module dev.tasker.modulepathcheck {
    requires dev.tasker.engine;

    // Typed handlers are bound by reflection, their results mapped by Jackson.
    opens dev.tasker.modulepathcheck to
            dev.tasker.engine,
            com.fasterxml.jackson.databind;
}
