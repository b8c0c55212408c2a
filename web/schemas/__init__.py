"""The API's request and response bodies: input schemas load, output schemas dump.

Input and output are separate classes: what a client may send is not what it reads back.
"""
