// Imported first by every test file that reaches snowflake-sdk: the SDK starts its cloud metadata
// probes when it is imported, so the switch must be set before (the adapter sets it too, unless set).
process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION = 'true';
