variable "sse" {
  type    = bool
  default = false
}

resource "aws_sqs_queue" "jobs" {
  name                    = "jobs"
  sqs_managed_sse_enabled = false # expect: AWS021
}

resource "aws_sqs_queue" "dlq" {
  name                    = "jobs-dlq"
  sqs_managed_sse_enabled = var.sse # expect: AWS021
}
