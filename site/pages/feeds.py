import datetime

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed


class StoriesFeed(Feed):
    """RSS 2.0 feed of one language's impact stories."""

    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.index_page.seo_title or self.index_page.title

    def link(self):
        return self.index_page.get_url(self.request)

    def description(self):
        return self.index_page.introduction

    def items(self):
        return self.index_page.stories()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        # The story's own date, not when it was entered in the CMS.
        return datetime.datetime.combine(item.date, datetime.time(12), tzinfo=datetime.UTC)

    def item_updateddate(self, item):
        return item.last_published_at
