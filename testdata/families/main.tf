# Rule families report one finding per rule or policy: the most severe
# rule that applies (tests/rule_families.rs).

# All traffic from anywhere: AWS035 alone, not AWS034 and AWS036 too.
resource "aws_vpc_security_group_ingress_rule" "everything" {
  security_group_id = "sg-0123456789abcdef0"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

# SSH up to Oracle (1521): AWS034, which implies the database port finding.
resource "aws_security_group_rule" "low_ports" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = 22
  to_port           = 1521
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "azurerm_network_security_rule" "any" {
  name                        = "any"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "Internet"
  destination_address_prefix  = "*"
  resource_group_name         = "rg"
  network_security_group_name = "nsg"
}

resource "google_compute_firewall" "any" {
  name    = "any"
  network = "default"
  allow {
    protocol = "all"
  }
}

# Administrator access: AWS049 alone, not also AWS048 and AWS050.
resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
