/**
 * Every key of Baselinr's config schema (baselinrhq/baselinr, baselinr/config/schema.py at commit
 * 1c0e0f2), as data: `true` is a leaf (a value or a free-form map), an object a section, `'[]'` the
 * entries of a list. Keys this product does not implement are accepted with a warning because of
 * this table; a key in neither schema stays an error.
 */
export type BaselinrKeyTree = { readonly [key: string]: true | BaselinrKeyTree };

const RULE_KEYS: BaselinrKeyTree = {
  allowed_values: true,
  column: true,
  enabled: true,
  max_value: true,
  min_value: true,
  pattern: true,
  references: true,
  severity: true,
  table: true,
  type: true
};

const RULES_KEYS: BaselinrKeyTree = {
  '[]': RULE_KEYS
};

const VALIDATION_KEYS: BaselinrKeyTree = {
  rules: RULES_KEYS
};

const COLUMN_KEYS: BaselinrKeyTree = {
  anomaly: {
    enabled: true,
    methods: true,
    thresholds: true
  },
  drift: {
    baselines: true,
    enabled: true,
    strategy: true,
    thresholds: true
  },
  metrics: true,
  name: true,
  pattern_type: true,
  profiling: {
    enabled: true
  },
  validation: VALIDATION_KEYS
};

const COLUMNS_KEYS: BaselinrKeyTree = {
  '[]': COLUMN_KEYS
};

const CONNECTION_KEYS: BaselinrKeyTree = {
  account: true,
  database: true,
  extra_params: true,
  filepath: true,
  host: true,
  password: true,
  port: true,
  role: true,
  schema: true,
  schema_: true,
  type: true,
  username: true,
  warehouse: true
};

export const BASELINR_KEYS: BaselinrKeyTree = {
  datasets: {
    auto_discover: true,
    datasets: {
      '[]': {
        anomaly: {
          columns: COLUMNS_KEYS
        },
        columns: COLUMNS_KEYS,
        database: true,
        drift: {
          absolute_threshold: true,
          baselines: true,
          columns: COLUMNS_KEYS,
          standard_deviation: true,
          statistical: true,
          strategy: true
        },
        import_from_dbt: true,
        profiling: {
          columns: COLUMNS_KEYS,
          metrics: true,
          partition: {
            key: true,
            metadata_fallback: true,
            recent_n: true,
            strategy: true,
            values: true
          },
          sampling: {
            enabled: true,
            fraction: true,
            max_rows: true,
            method: true
          }
        },
        schema: true,
        schema_: true,
        source_file: true,
        table: true,
        validation: VALIDATION_KEYS
      }
    },
    datasets_dir: true,
    exclude_patterns: true,
    file_pattern: true,
    recursive: true
  },
  drift_detection: {
    absolute_threshold: true,
    baselines: true,
    enable_type_specific_thresholds: true,
    ml_based: true,
    standard_deviation: true,
    statistical: true,
    strategy: true,
    type_specific_thresholds: true
  },
  environment: true,
  execution: {
    batch_size: true,
    max_workers: true,
    queue_size: true,
    warehouse_limits: true
  },
  hooks: {
    enabled: true,
    hooks: {
      '[]': {
        alert_on_drift: true,
        alert_on_profiling_failure: true,
        alert_on_schema_change: true,
        channel: true,
        class_name: true,
        connection: CONNECTION_KEYS,
        enabled: true,
        log_level: true,
        min_severity: true,
        module: true,
        params: true,
        table_name: true,
        timeout: true,
        type: true,
        username: true,
        webhook_url: true
      }
    }
  },
  incremental: {
    adaptive_scheduling: {
      default_interval_minutes: true,
      enabled: true,
      max_interval_minutes: true,
      min_interval_minutes: true,
      priority_overrides: true,
      staleness_penalty_minutes: true
    },
    change_detection: {
      connector_overrides: true,
      enabled: true,
      metadata_table: true,
      snapshot_ttl_minutes: true
    },
    cost_controls: {
      enabled: true,
      fallback_strategy: true,
      max_bytes_scanned: true,
      max_rows_scanned: true,
      sample_fraction: true
    },
    enabled: true,
    partial_profiling: {
      allow_partition_pruning: true,
      enabled: true,
      max_partitions_per_run: true,
      mergeable_metrics: true
    }
  },
  lineage: {
    dagster: true,
    dbt: true,
    enabled: true,
    extract_column_lineage: true,
    providers: true,
    query_history: {
      bigquery: true,
      edge_expiration_days: true,
      enabled: true,
      exclude_patterns: true,
      incremental: true,
      lookback_days: true,
      min_query_count: true,
      mysql: true,
      postgres: true,
      redshift: true,
      snowflake: true,
      warn_stale_days: true
    }
  },
  llm: {
    api_key: true,
    chat: {
      cache_tool_results: true,
      enable_context_enhancement: true,
      enabled: true,
      max_history_messages: true,
      max_iterations: true,
      tool_timeout: true
    },
    enabled: true,
    fallback_to_template: true,
    max_tokens: true,
    model: true,
    provider: true,
    rate_limit: true,
    temperature: true,
    timeout: true
  },
  monitoring: {
    enable_metrics: true,
    keep_alive: true,
    port: true
  },
  profiling: {
    compute_histograms: true,
    default_sample_ratio: true,
    discovery_options: {
      cache_discovery: true,
      cache_ttl_seconds: true,
      dbt_manifest_path: true,
      discovery_limit_action: true,
      exclude_schemas: true,
      exclude_table_types: true,
      include_schemas: true,
      include_table_types: true,
      max_schemas_per_database: true,
      max_tables_per_pattern: true,
      tag_provider: true,
      validate_regex: true
    },
    enable_approx_distinct: true,
    enable_column_stability: true,
    enable_enrichment: true,
    enable_schema_tracking: true,
    enable_type_inference: true,
    extract_lineage: true,
    histogram_bins: true,
    max_distinct_values: true,
    metrics: true,
    stability_window: true,
    table_discovery: true,
    tables: {
      '[]': {
        database: true,
        dbt_manifest_path: true,
        dbt_project_path: true,
        dbt_ref: true,
        dbt_selector: true,
        exclude_patterns: true,
        max_rows: true,
        min_rows: true,
        modified_since_days: true,
        override_priority: true,
        pattern: true,
        pattern_type: true,
        required_columns: true,
        // Not a field any more; Baselinr ignores it, and its own test suite still writes it.
        sample_ratio: true,
        schema: true,
        schema_: true,
        schema_pattern: true,
        select_all_schemas: true,
        select_schema: true,
        table: true,
        table_types: true,
        tags: true,
        tags_any: true
      }
    },
    type_inference_sample_size: true
  },
  quality_scoring: {
    enabled: true,
    freshness: {
      acceptable: true,
      excellent: true,
      good: true
    },
    history_retention_days: true,
    store_history: true,
    thresholds: {
      critical: true,
      healthy: true,
      warning: true
    },
    weights: {
      accuracy: true,
      completeness: true,
      consistency: true,
      freshness: true,
      uniqueness: true,
      validity: true
    }
  },
  rca: {
    auto_analyze: true,
    collectors: {
      airflow: true,
      airflow_api_url: true,
      airflow_api_version: true,
      airflow_dag_ids: true,
      airflow_metadata_db_connection: true,
      airflow_password: true,
      airflow_username: true,
      dagster: true,
      dagster_graphql_url: true,
      dagster_instance_path: true,
      dbt: true,
      manifest_path: true,
      project_dir: true
    },
    enable_pattern_learning: true,
    enabled: true,
    lookback_window_hours: true,
    max_causes_to_return: true,
    max_depth: true,
    min_confidence_threshold: true
  },
  retry: {
    backoff_strategy: true,
    enabled: true,
    max_backoff: true,
    min_backoff: true,
    retries: true
  },
  schema_change: {
    enabled: true,
    similarity_threshold: true,
    suppression: {
      '[]': {
        change_type: true,
        schema: true,
        schema_: true,
        table: true
      }
    }
  },
  smart_selection: true,
  source: CONNECTION_KEYS,
  storage: {
    anomaly_enabled_methods: true,
    anomaly_ewma_deviation_threshold: true,
    anomaly_iqr_threshold: true,
    anomaly_mad_threshold: true,
    anomaly_regime_shift_enabled: true,
    anomaly_regime_shift_sensitivity: true,
    anomaly_regime_shift_window: true,
    anomaly_seasonality_enabled: true,
    connection: CONNECTION_KEYS,
    create_tables: true,
    enable_anomaly_detection: true,
    enable_expectation_learning: true,
    ewma_lambda: true,
    learning_window_days: true,
    min_samples: true,
    results_table: true,
    runs_table: true
  },
  validation: {
    enabled: true,
    providers: true,
    rules: RULES_KEYS
  },
  visualization: {
    confidence_threshold: true,
    direction: true,
    enabled: true,
    layout: true,
    max_depth: true,
    styles: {
      node_colors: true
    },
    theme: true,
    web_viewer_port: true
  }
};
