/**
 * The behavioural suites every migrator backend must pass. A backend's tests extend each suite once and supply a
 * {@code KitServer}; JUnit runs the suites' public test methods, which it reaches through the open package.
 */
module dev.migrator.testkit {
    requires transitive dev.migrator.api;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires transitive org.assertj.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;

    exports dev.migrator.testkit;
    opens dev.migrator.testkit;
}
