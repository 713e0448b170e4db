# Well-known ports on rich-evans; one place to look before opening a new one.
{
  prometheus = 9090;
  nodeExporter = 9100;
  grafana = 3000;
  uptimeKuma = 3001;
  jellyfin = 8096;
  paperless = 8010;
}
