"""The managed local Neo4j + GDS server: provisioned from Maven Central, run per user."""
