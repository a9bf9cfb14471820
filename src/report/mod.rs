//! Reports: human, JSON, SARIF.
