from django.urls import path

from kinship.forums.views import managing, reading, writing

app_name = "forums"

urlpatterns = [
    path("", reading.forum_index, name="index"),
    path("latest/", reading.latest_threads, name="latest"),
    path("following/", reading.following, name="following"),
    path("search/", reading.search, name="search"),
    path("boards/manage/", managing.board_manage, name="board-manage"),
    path("boards/new/", managing.board_create, name="board-create"),
    path("b/<slug:board_slug>/", reading.board_detail, name="board"),
    path("b/<slug:board_slug>/edit/", managing.board_edit, name="board-edit"),
    path("b/<slug:board_slug>/new/", writing.thread_create, name="thread-create"),
    path("b/<slug:board_slug>/follow/", writing.board_follow, name="board-follow"),
    path("t/<int:thread_id>/", reading.thread_detail, name="thread"),
    path("t/<int:thread_id>/reply/", writing.thread_reply, name="reply"),
    path("t/<int:thread_id>/new-posts/", reading.thread_new_posts, name="thread-new-posts"),
    path("t/<int:thread_id>/follow/", writing.thread_follow, name="thread-follow"),
    path("t/<int:thread_id>/moderate/", managing.thread_moderate, name="thread-moderate"),
    path("p/<int:post_id>/", reading.post_permalink, name="post"),
    path("p/<int:post_id>/edit/", writing.post_edit, name="post-edit"),
    path("p/<int:post_id>/delete/", writing.post_delete, name="post-delete"),
    path("p/<int:post_id>/react/", writing.post_react, name="post-react"),
    path("p/<int:post_id>/history/", reading.post_history, name="post-history"),
]
