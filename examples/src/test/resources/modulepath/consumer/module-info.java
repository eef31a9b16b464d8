module com.example.consumer {
  requires com.dimosaic.vps;
}
