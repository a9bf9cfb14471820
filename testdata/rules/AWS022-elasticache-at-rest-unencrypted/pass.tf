variable "at_rest_from_caller" {
  type = bool
}

resource "aws_elasticache_replication_group" "secure" {
  replication_group_id       = "secure"
  description                = "Encrypted"
  engine                     = "redis"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
}

resource "aws_elasticache_replication_group" "valkey" {
  replication_group_id       = "valkey"
  description                = "Valkey"
  engine                     = "valkey"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
}

resource "aws_elasticache_replication_group" "caller" {
  replication_group_id       = "caller"
  description                = "Caller decides"
  engine                     = "redis"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = var.at_rest_from_caller
  transit_encryption_enabled = true
}
