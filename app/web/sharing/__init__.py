"""What lets a page travel: embeds, oEmbed, CSV and HTML downloads, share-panel links."""
