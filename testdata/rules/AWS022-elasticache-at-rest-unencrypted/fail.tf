variable "cache_at_rest" {
  type    = bool
  default = false
}

resource "aws_elasticache_replication_group" "sessions" { # expect: AWS022
  replication_group_id       = "sessions"
  description                = "Session store"
  engine                     = "redis"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = true
}

resource "aws_elasticache_replication_group" "queue" {
  replication_group_id       = "queue"
  description                = "Job queue"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = var.cache_at_rest # expect: AWS022
  transit_encryption_enabled = true
}
